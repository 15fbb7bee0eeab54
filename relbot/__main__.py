"""`python -m relbot` is the same as the `relbot` command."""

import sys

from relbot.cli import main

sys.exit(main())
