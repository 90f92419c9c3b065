import sys

from ipexplorer.main import main

sys.exit(main())
