"""What the records mean: roles, routes, timelines, trade by year, chapters, labels, frames."""
