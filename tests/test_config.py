"""sitegen.toml: defaults, validation with file:line, --base-url wins."""

import pytest

from sitegen.config import load_config
from sitegen.errors import SitegenError


def test_defaults(tmp_path):
    config = load_config(tmp_path)
    assert config.base_path == "/" and config.pinyin_style == "marks" and config.language == "en"


def test_values_and_base_path(tmp_path):
    (tmp_path / "sitegen.toml").write_text('title = "讀本"\nbase_url = "https://u.github.io/r"\nlanguage = "zh"\n')
    config = load_config(tmp_path)
    assert config.title == "讀本" and config.base_path == "/r/" and config.language == "zh"
    assert load_config(tmp_path, base_url="/other/").base_path == "/other/"


@pytest.mark.parametrize(
    "text,line,message",
    [
        ('pinyin_style = "colour"\n', 1, "must be one of"),
        ('reading_speed = "fast"\n', 1, "must be int"),
        ('title = "a\n', 1, "invalid TOML"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, message):
    (tmp_path / "sitegen.toml").write_text(text)
    with pytest.raises(SitegenError) as e:
        load_config(tmp_path)
    assert e.value.line == line and message in e.value.message and e.value.path.endswith("sitegen.toml")


def test_unknown_setting_is_a_warning_with_a_suggestion(tmp_path):
    (tmp_path / "sitegen.toml").write_text('title = "a"\npinyin_styel = "numbers"\n')
    warnings = []
    config = load_config(tmp_path, warnings=warnings)
    assert config.title == "a" and config.pinyin_style == "marks"
    assert [(w.line, w.message) for w in warnings] == [(2, "unknown setting 'pinyin_styel' (did you mean 'pinyin_style'?)")]
