"""Site configuration: `sitegen.toml` at the site root (optional) → `SiteConfig`."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import SitegenError, Warning_

CONFIG_NAME = "sitegen.toml"
CHOICES = {
    "default_script": ("source", "hant", "hans"),
    "pinyin_style": ("marks", "numbers", "zhuyin"),
    "language": ("en", "zh"),
}


@dataclass
class SiteConfig:
    title: str = "Annotated readings"
    description: str = "Chinese speeches and policy articles with pinyin, both scripts and a glossary."
    base_url: str = "/"
    author: str = ""
    default_script: str = "source"  # what a first-time reader sees: the article's own script, or one script
    pinyin_style: str = "marks"  # tone marks, tone numbers or zhuyin
    pinyin_shown: bool = True
    tone_sandhi: bool = False  # citation tones (GB/T 16159) unless the site asks for spoken tones
    language: str = "en"  # interface strings
    reading_speed: int = 250  # Han characters a minute, for the reading time on the home page

    @property
    def base_path(self) -> str:
        """The path part of base_url, with a trailing slash ("/" or "/repo/")."""
        path = re.sub(r"^[a-z]+://[^/]+", "", self.base_url) or "/"
        return path if path.endswith("/") else path + "/"


def load_config(root: Path, base_url: str | None = None, warnings: list | None = None) -> SiteConfig:
    """Read `sitegen.toml` if present; `base_url` from the command line wins. Unknown settings are
    ignored with a warning (added to `warnings`)."""
    path = root / CONFIG_NAME
    config = SiteConfig()
    if path.exists():
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            line = re.search(r"line (\d+)", str(e))
            raise SitegenError(path, int(line.group(1)) if line else None, f"invalid TOML: {e}") from None
        known = {f.name: f for f in fields(SiteConfig)}
        for key, value in data.items():
            line = _line_of(text, key)
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                message = f"unknown setting '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
                if warnings is not None:
                    warnings.append(Warning_(str(path), line, message))
                continue
            expected = type(getattr(config, key))
            if type(value) is not expected:
                raise SitegenError(path, line, f"'{key}' must be {expected.__name__}, not {type(value).__name__}")
            if key in CHOICES and value not in CHOICES[key]:
                raise SitegenError(path, line, f"'{key}' must be one of: {', '.join(CHOICES[key])}")
            setattr(config, key, value)
        if config.reading_speed <= 0:
            raise SitegenError(path, _line_of(text, "reading_speed"), "'reading_speed' must be positive")
    if base_url is not None:
        config.base_url = base_url
    if not config.base_url.endswith("/"):
        config.base_url += "/"
    return config


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return None
