"""The languages the app speaks, Qt-free (the headless commands read --lang without Qt)."""

from __future__ import annotations

# Languages offered in View → Language, each named in its own language (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


def language_code(code: str) -> str:
    """Map user input such as 'zh', 'zh-CN' or 'en_US' to a supported code (ValueError if none)."""
    norm = code.replace("-", "_")
    if norm in LANGUAGES:
        return norm
    if norm.lower().startswith("zh"):
        return "zh_CN"
    if norm.lower().startswith("en"):
        return "en"
    raise ValueError(code)
