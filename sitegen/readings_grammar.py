"""The ``grammar`` layer: constructions that decide a reading where dictionaries cannot.

Each rule looks at the Simplified text and its segmentation (``sheet.words``) and decides a
character that no stronger layer has fixed. A rule may replace a dictionary word's *proposal*
(为 in 以做特为方向 is the 为 of 以…为…, not the 为 of 特为 "specially for"), never an override or a
glossary pin. Rules are general constructions of Modern Standard Chinese, not phrase lists.
"""

from __future__ import annotations

import re

# punctuation that closes the clause a construction must stay inside
_CLAUSE_END = set("，。！？；：、,.!?;:…—（）()《》“”「」『』\n")

# a 为 right after these opens a clause (after a bracket or quote it may be the verb 'to be')
_CLAUSE_OPENERS = set("，。！？；：,.!?;:\n")

# 以 inside these words is not the 以 of 以…为…
_YI_WORDS_NOT_PREPOSITION = {
    "可以", "所以", "以及", "以后", "以来", "以上", "以下", "以外", "以内", "以前", "难以", "予以",
    "加以", "足以", "得以", "用以", "借以", "以便", "以免", "以期", "以至", "以致", "以求", "以为",
    "赖以", "藉以", "据以", "以往", "以北", "以南", "以东", "以西", "无以", "何以", "是以", "给以",
}  # fmt: skip

# 为 followed (in its clause) by one of these serves "for" (wèi): 以实际行动为人民服务
_BENEFACTIVE = ("服务", "办实事", "办好事", "办事", "排忧", "解忧", "解难", "造福", "谋福", "谋幸福", "争光", "献礼", "贡献", "提供", "作出", "做出", "奋斗", "努力", "护航", "加油", "鼓劲",
                "助力", "增光", "添彩", "负责", "着想", "谋", "代言", "所用", "担忧", "操心", "骄傲",
                "自豪", "喝彩", "点赞", "买单", "撑腰", "让路", "开路", "铺路", "搭台", "赋能", "保驾")  # fmt: skip
# … and these only where no 以 opens the clause (以创新为动力打造… is 以…为…)
_BENEFACTIVE_WEAK = ("创造", "营造", "打造", "搭建", "树立", "注入", "奠定", "开辟", "增添", "带来", "指明",
                "指引", "积累", "争取", "而奋斗", "而努力", "而团结")  # fmt: skip

# 为 right after one of these adverbs, opening "for NP + verb", is wèi: 也为全省干部树立了榜样
_WEI_ADVERBS = set("也都还又更要已正就才均皆亦再并专特")
_WEI_ADVERB_WORDS = set(
    "切实 积极 主动 努力 全力 更好 真正 不断 持续 着力 专门 共同 继续 进一步 大力 竭诚 认真 坚决 "
    "热情 及时 始终 一直 自觉 勇于 敢于 善于 乐于 甘于 应当 应该 必须 能够 愿意 都要 还要 更要 "
    "也要 要求 重点 优先 率先 多 全心全意 尽心尽力 千方百计 想方设法".split()
)

# N为X slogans: 项目为王, 安全为先, 质量为本, 创新为要 (为 = "to be, to take as")
_WEI_SLOGAN_TAIL = set("王先本主要重纲基首上荣耻贵大准据据宜佳")

# V得 complement: 得 followed by a degree word is the structural particle
_DE_COMPLEMENT_NEXT = ("很", "更", "最", "太", "极", "较", "非常", "十分", "越来越", "那么", "这么", "特别",
                       "相当", "格外", "尤其", "如此", "多", "比", "不错", "不够", "有声有色", "淋漓尽致",
                       "清楚", "明白", "扎实", "充分", "及时", "好", "快", "慢", "早", "晚", "满")  # fmt: skip

# 干 after these is the verb 'to do': 苦干, 敢干, 接着干, 带头干
_GAN_BEFORE = set("苦实大巧蛮敢肯会能要去来着真就接带撸加")

# 着 after these is the resultative zháo (睡着, 找着, 猜着; potential 摸得着, 用不着)
_ZHAO_BEFORE = set("睡找猜够得不")

# V得C potential complements: 看得见, 做得到, 来得及, 吃得消 (得 is de; 不得了 and 不得不 are not this)
_POTENTIAL = set("见到着了起出上下动完住过及开清懂消成")

# V得 + a one-character adjective: 抓得紧, 干得好, 走得稳
_PRONOUNS = set("我你您他她它谁这那")
_DE_ADJECTIVE = set("紧实准稳牢深细透严对高远硬响亮真好快慢早晚多少大小广精")


def _word_at(sheet) -> dict[int, tuple[int, int]]:
    out = {}
    for start, end in sheet.words:
        for i in range(start, end):
            out[i] = (start, end)
    return out


def _clause_start(text: str, i: int) -> int:
    k = i
    while k > 0 and text[k - 1] not in _CLAUSE_END:
        k -= 1
    return k


def _clause_end(text: str, i: int) -> int:
    k = i
    while k < len(text) and text[k] not in _CLAUSE_END:
        k += 1
    return k


def apply_grammar(sheet) -> None:
    text = sheet.hans
    words = _word_at(sheet)
    for i, char in enumerate(text):
        if not sheet.open(i):
            continue
        word = words.get(i, (i, i + 1))
        single = word == (i, i + 1)
        if char == "为":
            reading = _wei(text, i, word, words)
        elif char == "得" and (single or (word[1] - word[0] == 3 and word[0] == i - 1)):
            reading = _de_complement(text, i, words)
        elif char == "地" and (single or word[1] == i + 1):
            reading = _de_adverbial(text, i, words) if single else _de_after_idiom(text, i)
        elif char == "着" and (single or (word[1] - word[0] == 3 and word[1] == i + 1)):
            reading = _zhe(text, i)
        elif char == "干" and single and (
            text[i + 1 : i + 2] in ("得", "出", "成", "好", "事", "活", "部")
            or (i > 0 and text[i - 1] in _GAN_BEFORE)
            or (i + 1 == len(text) or text[i + 1] in _CLAUSE_END)
        ):
            reading = "gàn"  # 干得好, 敢干, 一任接着一任干: the verb 'to do'; 'dry' 干 forms words (晒干)
        elif char == "都" and i > 0 and text[i + 1 : i + 2] in ("县", "区", "镇", "乡") and _is_han(text[i - 1]):
            reading = "dū"  # 于都县, 宁都县: 都 in place names is the 'capital, city' dū
        elif char == "了" and single:
            reading = _le(text, i, words)
        else:
            reading = None
        if reading:
            sheet.set(i, reading, "grammar")
            sheet.proposal.pop(i, None)
            sheet.candidates.pop(i, None)


def _wei(text: str, i: int, word: tuple[int, int], words) -> str | None:
    start, end = word
    after = text[i + 1 : i + 3]
    if after.startswith(("了", "何", "什么", "啥")):
        return None
    # only a 为 standing alone, opening a word (为人民服务 may be one jieba word) or closing a
    # two-character word (特为, 专为: segmentation glued it to the wrong side) is decided here
    if not (start == i or (end == i + 1 and end - start == 2)):
        return None
    rest = text[i + 1 : _clause_end(text, i)]
    yi = _yi_before(text, i, words)
    # 为 … 服务 / 献礼 / 办实事: 'for the benefit of'
    if any(verb in rest for verb in _BENEFACTIVE) or (not yi and any(verb in rest for verb in _BENEFACTIVE_WEAK)):
        return "wèi"
    if start == i and end > i + 1:
        return None
    # clause-initial or adverb-led 为 + a noun phrase + verb: 'for' (为党和人民事业担当作为)
    if (
        start == i == end - 1
        and (i == 0 or text[i - 1] in _CLAUSE_OPENERS or _adverb_before(text, i, words))
        and i + 1 < len(text)
        and _is_han(text[i + 1])
        and "所" not in text[i + 1 : _clause_end(text, i)]
        and not yi
    ):
        return "wèi"
    # 以 … 为 …
    if yi and rest:
        return "wéi"
    return _wei_slogan(text, i, start)


def _adverb_before(text: str, i: int, words) -> bool:
    """An adverb or modal right before 为 (也为…, 切实为基层减负, 必须为…): 为 is 'for'."""
    start, end = words.get(i - 1, (i - 1, i))
    word = text[start:end]
    return (len(word) == 1 and word in _WEI_ADVERBS) or word in _WEI_ADVERB_WORDS


def _yi_before(text: str, i: int, words) -> bool:
    """A prepositional 以 earlier in the clause (以人民为中心), not 可以/所以/以及…."""
    for k in range(i - 1, max(_clause_start(text, i), i - 16) - 1, -1):
        if text[k] == "以":
            yi_start, yi_end = words.get(k, (k, k + 1))
            return yi_start == k and text[yi_start:yi_end] not in _YI_WORDS_NOT_PREPOSITION
    return False


def _wei_slogan(text: str, i: int, start: int) -> str | None:
    """N为X slogans closing a clause: 项目为王, 安全为先."""
    if (
        start == i
        and i >= 2
        and i + 2 <= len(text)
        and text[i + 1] in _WEI_SLOGAN_TAIL
        and (i + 2 == len(text) or text[i + 2] in _CLAUSE_END or text[i + 2] in "”’」』的")
        and text[i - 1] not in _CLAUSE_END
    ):
        return "wéi"
    return None


def _de_complement(text: str, i: int, words) -> str | None:
    """V得 complements: degree (好得很, 显得极重要), one-character results (抓得紧), potential (看得见)."""
    if i == 0 or not _is_han(text[i - 1]) or text[i - 1] in _PRONOUNS or i + 1 >= len(text):
        return None
    previous = words.get(i - 1, (i - 1, i))
    if text[i - 1] == "不" or text[previous[0] : previous[1]] in ("获", "取", "赢", "求", "心"):
        return None
    nxt = text[i + 1]
    if any(text.startswith(w, i + 1) for w in _DE_COMPLEMENT_NEXT):
        return "de"
    if nxt in _POTENTIAL and (nxt != "了" or i + 2 >= len(text) or text[i + 2] in _CLAUSE_END):
        return "de"
    if nxt in _DE_ADJECTIVE and previous[1] - previous[0] == 1 and text[i - 1] not in _PRONOUNS:
        return "de"
    return None


def _de_adverbial(text: str, i: int, words) -> str | None:
    """X地 + verb: the adverbial marker after a word of two or more characters (积极地推进)."""
    if i == 0 or i + 1 >= len(text) or not _is_han(text[i + 1]):
        return None
    if i >= 4 and _known(text[i - 4 : i]) and not _known(text[i : i + 2]):
        return "de"  # after an idiom: 一以贯之地坚持 (not 之地), 坚定不移地走
    previous = words.get(i - 1)
    if previous is None or previous[1] - previous[0] < 2 or not all(_is_han(c) for c in text[previous[0] : i]):
        return None
    if text[i - 1] in "的之":
        return None
    return "de"


def _de_after_idiom(text: str, i: int) -> str | None:
    """地 glued by segmentation to what precedes it (之地) but closing a four-character idiom."""
    if i >= 4 and i + 1 < len(text) and _is_han(text[i + 1]) and _known(text[i - 4 : i]) and not _known(text[i : i + 2]):
        return "de"
    return None


def _known(word: str) -> bool:
    """A word of the pinyin dictionaries or of jieba's."""
    from .readings_lexicon import PREFIX, lexicon

    value = lexicon().log_prob(word)
    return value is not None and value != PREFIX


def _zhe(text: str, i: int) -> str | None:
    if i == 0 or not _is_han(text[i - 1]):
        return None
    if text[i - 1] in _ZHAO_BEFORE:
        return "zháo"
    return "zhe"


def _le(text: str, i: int, words) -> str | None:
    if (
        i > 0
        and text[i - 1] in "不得"
        and words.get(i - 1) == (i - 1, i)
        and (i + 1 == len(text) or not _is_han(text[i + 1]) or text[i + 1] in "的多")
    ):
        return "liǎo"  # 受不了, 忘不了, 少不了, 得了
    if i > 0 and _is_han(text[i - 1]):
        return "le"
    return None


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))
