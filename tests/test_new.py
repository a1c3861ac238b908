"""`sitegen new`: a draft article file with its front matter filled in."""

import datetime as dt

import pytest
import yaml

from sitegen.cli import main
from sitegen.content import load_article
from sitegen.errors import SitegenError
from sitegen.newpost import new_article


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_writes_a_draft_with_front_matter_and_pinyin_slug(tmp_path):
    path = new_article(tmp_path, "綠色發展", date="2021-03-04")
    assert path == tmp_path / "content" / "articles" / "lv-se-fa-zhan.md"
    assert front_matter(path) == {"title": "綠色發展", "date": dt.date(2021, 3, 4), "slug": "lv-se-fa-zhan",
                                  "draft": True}
    article = load_article(path)
    assert (article.title, article.slug, article.date, article.draft) == ("綠色發展", "lv-se-fa-zhan",
                                                                          dt.date(2021, 3, 4), True)
    assert article.blocks and article.blocks[0].text.strip()  # a placeholder line, so the build accepts it


def test_date_defaults_to_today_and_slug_can_be_given(tmp_path):
    path = new_article(tmp_path, "标题: 有冒号", slug="my-post")
    assert path.name == "my-post.md"
    meta = front_matter(path)
    assert meta["date"] == dt.date.today() and meta["title"] == "标题: 有冒号"
    assert load_article(path).title == "标题: 有冒号"
    assert "在这里写正文" in path.read_text(encoding="utf-8")  # the placeholder in the title's script


def test_refuses_to_overwrite(tmp_path):
    path = new_article(tmp_path, "綠色發展")
    path.write_text(path.read_text(encoding="utf-8") + "\n已經寫好的正文。\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SitegenError) as error:
        new_article(tmp_path, "綠色發展")
    assert str(path) in str(error.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("kwargs", [dict(date="2021-02-30"), dict(date="2021/03/04"), dict(slug="Bad Slug"),
                                    dict(title="  ")])
def test_rejects_bad_input(tmp_path, kwargs):
    with pytest.raises(SitegenError):
        new_article(tmp_path, **{"title": "綠色發展", **kwargs})
    assert not (tmp_path / "content" / "articles").exists() or not any((tmp_path / "content" / "articles").iterdir())


def test_command_prints_the_path_and_fails_cleanly_on_overwrite(tmp_path, capsys):
    assert main(["new", "全省工業強省", "--date", "2018-08-29", "--source", str(tmp_path)]) == 0
    path = tmp_path / "content" / "articles" / "quan-sheng-gong-ye-qiang-sheng.md"
    assert str(path) in capsys.readouterr().out
    assert main(["new", "全省工業強省", "--source", str(tmp_path)]) == 1
    assert f"{path}: already exists" in capsys.readouterr().err
