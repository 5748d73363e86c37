"""The README is part of the product: its CLI reference and configuration table must match the code."""

from __future__ import annotations

import re

from assistant.settings import VVASettings
from tests.conftest import ROOT
from vva_cli.main import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented() -> None:
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    documented = set(re.findall(r"^\| `vva ([a-z]+)", README, flags=re.MULTILINE))
    assert commands == documented


def test_every_setting_is_in_the_configuration_table_with_its_default() -> None:
    rows = dict(re.findall(r"^\| `(VVA_[A-Z_]+)` \| ([^|]+) \|", README, flags=re.MULTILINE))
    for name, field in VVASettings.model_fields.items():
        key = f"VVA_{name.upper()}"
        assert key in rows, f"{key} missing from the README configuration table"
        default = rows[key].strip().strip("`")
        if field.default is None:
            assert default == "unset", key
        else:
            assert default == str(field.default).removesuffix(".0"), key


def test_quick_start_is_exactly_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make run", "make test"]
