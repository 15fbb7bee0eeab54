"""Provider voice: the channel's messages kept as items, and the officers' summary of them."""
