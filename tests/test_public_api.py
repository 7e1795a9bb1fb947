import tellers


def test_everything_public_is_exported_and_listed() -> None:
    for name in tellers.__all__:
        assert hasattr(tellers, name), name
    public = {n for n in dir(tellers) if not n.startswith("_")}
    modules = {
        "core",
        "errors",
        "rules",
        "formats",
        "report",
        "sim",
        "cli",
        "service",
        "audit",
        "results",
        "web",
        "annotations",
    }
    assert public - modules <= set(tellers.__all__)


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(tellers.InputError, tellers.TellersError)
    assert issubclass(tellers.RulesError, tellers.TellersError)
    assert issubclass(tellers.LotNeeded, tellers.CountError)
    assert issubclass(tellers.CountError, tellers.TellersError)
