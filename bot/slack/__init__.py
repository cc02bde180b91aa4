"""The Slack transport: the Bolt app, its listeners, the HTTP edge and Block Kit."""
