"""Tests of the readers in tellers.formats."""
