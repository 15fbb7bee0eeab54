"""Local stand-ins for Slack, for the tests, the benchmarks and anyone trying relbot offline."""
