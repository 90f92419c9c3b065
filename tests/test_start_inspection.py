"""The app's start inspects a database file once: a file its header does not vouch for is inspected before the
window opens, and the check after the first frame takes that verdict instead of reading the file again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

START = """
import sys
from pathlib import Path
import ipexplorer.store.database as database
import ipexplorer.ui.shell.app as app
inspected = []
inspect = database.inspect_database
def counted(*args, **kwargs):
    inspected.append(args[0])
    return inspect(*args, **kwargs)
database.inspect_database = counted
checked = []
check = database.integrity_problem
database.integrity_problem = lambda path: checked.append(path) or check(path)
app.is_current = lambda path: False   # the header check fails: the start inspects the file itself
code = app.run_app(Path(sys.argv[1]), exit_after_first_paint=True)
print(f"INSPECTED={len(inspected)} CHECKED={len(checked)}")
sys.exit(code)
"""


def test_a_file_that_fails_the_header_check_is_inspected_once(db_copy: Path, tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-c", START, str(db_copy)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "INSPECTED=1 CHECKED=1" in done.stdout, done.stdout + done.stderr   # its pages still checked, once
