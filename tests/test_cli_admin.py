"""``newscaster token``: a token given back to revoke it is never printed back."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscaster.cli import cli


@pytest.mark.parametrize("spelling", ["{token}", "  {token}  ", "nct_{id}_not-the-right-secret-at-all"])
def test_revoking_by_the_whole_token_never_prints_its_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    token = runner.invoke(cli, ["token", "create", "--name", "cms"]).stdout.strip()
    token_id, secret = token.split("_")[1], token.split("_", 2)[2]
    given = spelling.format(token=token, id=token_id)

    revoked = runner.invoke(cli, ["token", "revoke", given])
    assert revoked.exit_code == 0, revoked.output
    assert revoked.stdout == f"Token {token_id} revoked.\n"
    again = runner.invoke(cli, ["token", "revoke", given])
    assert again.exit_code == 1
    assert again.stderr == f"newscaster: No active token {token_id}; see 'newscaster token list'\n"
    for result in (revoked, again):
        assert secret not in result.output and given.split("_", 2)[2].strip() not in result.output


def test_a_revoke_argument_that_is_neither_an_id_nor_a_token_is_not_echoed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped token is still a secret, or most of one."""
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    typo = "nct_3fa2c91b_Qx7-almost-a-real-secret-but-one-character-short"[:-1] + "!"
    result = CliRunner().invoke(cli, ["token", "revoke", typo])
    assert result.exit_code == 1 and "Qx7" not in result.output
    assert result.stderr.startswith("newscaster: No active token")


def test_a_token_is_named_as_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCASTER_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    created = runner.invoke(cli, ["token", "create", "newsroom CMS"])
    assert created.exit_code == 0, created.output
    assert "(newsroom CMS) created" in created.stderr
    assert runner.invoke(cli, ["token", "create", "--name", "podcast app"]).exit_code == 0
    listed = runner.invoke(cli, ["token", "list"]).stdout
    assert "newsroom CMS" in listed and "podcast app" in listed

    nameless = runner.invoke(cli, ["token", "create"])
    assert nameless.exit_code == 2 and "newscaster token create" in nameless.stderr
    assert len(runner.invoke(cli, ["token", "list"]).stdout.splitlines()) == 2  # none made silently
