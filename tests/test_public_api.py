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


def test_a_missing_optional_package_names_the_extra_that_brings_it() -> None:
    from tellers.errors import need

    assert need("json", "frames").dumps([1]) == "[1]"  # present: the module itself
    try:
        need("no_such_module_here", "frames", "a table")
    except tellers.MissingExtra as error:
        assert str(error) == (
            "a table needs no_such_module_here, which is not installed: "
            "pip install 'tellers[frames]'"
        )
        assert isinstance(error, tellers.TellersError)
    else:
        raise AssertionError("expected MissingExtra")
