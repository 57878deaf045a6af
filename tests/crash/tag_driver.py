"""`main.py tag` with small student batches, so that a kill can fall between committed batches.

Usage: ``python tests/crash/tag_driver.py BATCH tag PROJECT [options]``. The product writes the student's
results in batches of ``cascade.STUDENT_BATCH`` (2000); a few hundred test records would be a single
batch, all or nothing. A smaller batch exercises the resume path after partial progress.
"""

from __future__ import annotations

import sys

from workbench.cli import main
from workbench.tagging import cascade

if __name__ == "__main__":
    cascade.STUDENT_BATCH = int(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
