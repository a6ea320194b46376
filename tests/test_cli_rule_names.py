"""Named rules on the command line: ``rules add … --name``, the name in ``rules`` (text
and JSON) and in the notification line of ``fetch``, and through OPML to another library.
A rule without a name is called by its query."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli_subscriptions import run, script, server  # noqa: F401


def test_a_named_rule_is_listed_notified_and_exported_by_its_name(
    capsys,
    server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    run(capsys, "subscribe", "hf", "--name", "HF")
    code, out, _ = run(capsys, "rules", "add", "title:agents", "--notify", "--name", " Agents  ")
    assert code == 0 and out == "rule 1: Agents: title:agents -> notify\n"
    run(capsys, "rules", "add", "*", "--notify")  # no name: called "*"
    code, out, _ = run(capsys, "rules")
    assert "Agents: title:agents -> notify  [every subscription]" in out
    assert "  2  * -> notify  [every subscription]" in out
    listed = json.loads(run(capsys, "rules", "--json")[1])
    assert [rule["name"] for rule in listed] == ["Agents", "*"]

    code, out, _ = run(capsys, "fetch")
    assert code == 0
    line = next(x for x in out.splitlines() if "match your rules" in x)
    assert line.startswith("17 new papers match your rules: “Agents” ")
    assert line.endswith(", “*” 17")

    opml = tmp_path / "subs.opml"
    assert run(capsys, "export-subscriptions", "-o", str(opml))[0] == 0
    other = tmp_path / "other"
    assert run(capsys, "--data-dir", str(other), "import-subscriptions", str(opml))[0] == 0
    again = json.loads(run(capsys, "--data-dir", str(other), "rules", "--json")[1])
    assert [(r["name"], r["query"]) for r in again] == [("Agents", "title:agents"), ("*", "*")]


def test_a_name_too_long_is_refused_in_words(capsys, server: str) -> None:  # noqa: F811
    code, _, err = run(capsys, "rules", "add", "title:x", "--star", "--name", "n" * 81)
    assert code == 1 and err == "readinglist: error: a rule's name has at most 80 characters\n"
