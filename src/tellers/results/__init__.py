"""Results: stored contest results and the analysts' view of them (spec 08)."""
