"""Everything that speaks Slack: ids, Block Kit builders, listeners and the Web API client."""
