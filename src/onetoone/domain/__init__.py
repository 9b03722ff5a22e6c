"""What oto knows about organizing: plain functions over an open journal and an explicit `today`."""
