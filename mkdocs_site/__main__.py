import sys

from .publish import main

sys.exit(main(sys.argv[1:]))
