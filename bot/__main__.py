import sys

from bot.entry import run

sys.exit(run())
