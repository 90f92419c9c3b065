import sys

from ipexplorer.cli import main

sys.exit(main())
