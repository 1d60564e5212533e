"""Files in, records out: the event's tables, trade files (ours and UN Comtrade's), uploads."""
