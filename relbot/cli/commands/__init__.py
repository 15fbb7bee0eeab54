"""One function per command, each given the settings and its parsed arguments."""
