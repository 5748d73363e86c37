"""Turn the `ui_auth` setting ('user:password', or a file of such lines) into Gradio's credential list."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import ConfigError


def _pair(line: str, where: str) -> tuple[str, str]:
    user, sep, password = line.partition(":")
    if not sep or not user.strip() or not password:
        raise ConfigError(f"{where}: expected 'user:password'; fix VVA_UI_AUTH or the credentials file.")
    return user.strip(), password


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """Credentials for `launch(auth=...)`; None leaves the UI open (the default, bound to 127.0.0.1)."""
    if not value:
        return None
    path = Path(value).expanduser()
    if ":" not in value or path.is_file():
        if not path.is_file():
            raise ConfigError(f"VVA_UI_AUTH: '{value}' is neither 'user:password' nor a readable file.")
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        pairs = [
            _pair(ln, f"{path} line {i}") for i, ln in enumerate(lines, 1) if ln and not ln.startswith("#")
        ]
        if not pairs:
            raise ConfigError(f"{path}: no 'user:password' lines; add one or unset VVA_UI_AUTH.")
        return pairs
    return [_pair(value, "VVA_UI_AUTH")]
