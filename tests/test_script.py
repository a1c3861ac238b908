"""Script conversion: OpenCC's own test cases, the fixes file, alignment, script detection."""

import json
import re

import pytest

from sitegen.errors import SitegenError
from sitegen.script import Fixes, _apply_fixes, detect_script, is_han, load_fixes, to_hans, to_hant

from .conftest import eval_path

NO_FIXES = Fixes()


def opencc_cases(config):
    text = re.sub(r",(\s*[\]}])", r"\1", eval_path("opencc/testcases.json").read_text(encoding="utf-8"))
    return [(c["input"], c["expected"][config]) for c in json.loads(text)["cases"] if config in c["expected"]]


@pytest.mark.parametrize("config,convert", [("s2tw", to_hant), ("t2s", to_hans)])
def test_opencc_test_cases_pass(config, convert):
    cases = opencc_cases(config)
    assert len(cases) > 10
    failures = [(i, e, convert(i, NO_FIXES)) for i, e in cases if convert(i, NO_FIXES) != e]
    assert failures == []


@pytest.mark.parametrize("config,convert", [("s2tw", to_hant), ("t2s", to_hans)])
def test_default_fixes_break_no_test_case(config, convert):
    failures = [(i, e) for i, e in opencc_cases(config) if convert(i) != e]
    assert failures == []


def test_fixes_correct_known_opencc_mistakes():
    assert to_hant("吸引人才回归") == "吸引人才回歸"
    assert to_hant("线性回归分析") == "線性迴歸分析"  # regression keeps 迴
    assert to_hant("咬定青山不放松") == "咬定青山不放鬆"
    assert to_hant("挺起工业发展的脊梁") == "挺起工業發展的脊梁"


def test_conversion_keeps_length_and_vocabulary():
    text = "优化营商环境，推进“放管服”改革。ABC 123"
    assert len(to_hant(text)) == len(text) == len(to_hans(text))
    assert to_hant("优化") == "優化"  # s2tw, not s2twp (which would write 最佳化)


def test_traditional_source_normalised_to_taiwan_forms():
    assert to_hant("出席并講話，勇于爭搶，人杰地靈") == "出席並講話，勇於爭搶，人傑地靈"


def test_fixes_longest_match_wins():
    fixes = {"迴歸": "回歸", "迴歸分析": "迴歸分析"}
    assert _apply_fixes("迴歸分析和迴歸", fixes) == "迴歸分析和回歸"


def test_fixes_file_errors_name_line(tmp_path):
    path = tmp_path / "fixes.yaml"
    path.write_text("hant:\n  迴歸: 回歸\n  松: 鬆勁\n", encoding="utf-8")
    with pytest.raises(SitegenError) as e:
        load_fixes(path)
    assert e.value.line == 3 and "same length" in e.value.message
    path.write_text("hant: [\n", encoding="utf-8")
    with pytest.raises(SitegenError) as e:
        load_fixes(path)
    assert e.value.path == str(path) and "YAML" in e.value.message


def test_detect_script():
    assert detect_script("全省工業強省推進大會在贛州舉行") == "hant"
    assert detect_script("全省工业强省推进大会在赣州举行") == "hans"


def test_is_han():
    assert all(is_han(c) for c in "中國〇𠀀")
    assert not any(is_han(c) for c in "，。a1“ ㄅ")
