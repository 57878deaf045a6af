"""Kesheng entry point: with no arguments opens the GUI, otherwise runs a CLI command."""
import sys

from workbench.cli import main

sys.exit(main(sys.argv[1:]))
