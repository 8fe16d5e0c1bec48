"""The README stays true: every ``console`` block is run, command by command, and its
output compared with what the block shows.

The blocks run in order, as a reader follows the README, in one database (``QUOTES_DB``)
made fresh for the file, in the checkout, with a terminal 120 columns wide; the commands
of a block share one shell, so ``echo $?`` shows the status of the command before. A
line ``...`` (also inside a table's border, ``│ ...  │``) stands for any number of
lines, and spaces at the ends of lines (a centred title) do not count. Blocks that only
show how to call something are fenced ``sh``, not ``console``, and are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
ELISION = re.compile(r"^[│|]?\s*\.\.\.\s*[│|]?$")
WIDTH = "120"


def blocks() -> list[tuple[int, list[tuple[str, list[str]]]]]:
    """(line number, [(command, expected output lines)]) of each console block."""
    text = README.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        steps: list[tuple[str, list[str]]] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        found.append((text.count("\n", 0, match.start()) + 1, steps))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` line for line, an elision matching any run."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if ELISION.match(head.strip()):
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].strip() == head.strip() and matches(rest, actual[1:])


MARK = "@@readme-step@@"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("readme") / "readme.db"


@pytest.mark.parametrize(("line", "steps"), blocks(), ids=[f"README.md:{n}" for n, _ in blocks()])
def test_console_block_shows_what_its_commands_print(line, steps, database) -> None:
    assert steps, f"README.md:{line}: a console block without a command"
    env = dict(os.environ, QUOTES_DB=str(database), COLUMNS=WIDTH,
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               TERM="dumb", NO_COLOR="1")
    # the marker keeps $? for the command after it ("echo $?")
    script = "\n".join(f"status=$?; echo {MARK}; (exit $status)\n{command}"
                       for command, _ in steps)
    run = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    printed = run.stdout.split(MARK + "\n")[1:]
    assert len(printed) == len(steps), run.stdout
    for (command, expected), output in zip(steps, printed, strict=True):
        actual = output.splitlines()
        assert matches(expected, actual), (
            f"README.md:{line}: `{command}` printed\n" + "\n".join(actual))


def test_elisions_match_any_run_and_nothing_else() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "│ ...   │", "d"], ["a", "d"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a"], ["a", "b"])
