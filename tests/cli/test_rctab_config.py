"""`tellers count --rctab-config` runs an RCTab contest configuration."""

import json
from decimal import Decimal

from click.testing import CliRunner

from tellers.cli import main
from tests.data import shared_data


def config() -> str:
    folder = shared_data("rctab-test-data") / "2013_minneapolis_park"
    return str(folder / "2013_minneapolis_park_config.json")


def test_rctab_format_prints_the_detailed_report_json() -> None:
    done = CliRunner().invoke(main, ["count", "--rctab-config", config(), "--format", "rctab"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["config"]["contest"] == "2013 Minneapolis Park Board"
    # RCTab's own expected report for this case (the suite's golden file) elects these three
    folder = shared_data("rctab-test-data") / "2013_minneapolis_park"
    expected = json.loads(
        (folder / "2013_minneapolis_park_expected_detailed_report.json").read_text()
    )

    def elected(document: dict[str, list[dict[str, list[dict[str, str]]]]]) -> list[str]:
        return [
            result["elected"]
            for round_ in document["results"]
            for result in round_["tallyResults"]
            if "elected" in result
        ]

    assert elected(expected) == ["JOHN ERWIN", "ANNIE YOUNG", "MEG FORNEY"]
    assert elected(report) == elected(expected)

    def tallies(document: dict[str, list[dict[str, dict[str, str]]]]) -> list[dict[str, Decimal]]:
        return [
            {name: Decimal(value) for name, value in round_["tally"].items()}
            for round_ in document["results"]
        ]

    assert tallies(report) == tallies(expected)


def test_the_text_report_of_a_config_names_the_elected() -> None:
    done = CliRunner().invoke(main, ["count", "--rctab-config", config()])
    assert done.exit_code == 0, done.output
    assert "Elected 1st" in done.output and "JOHN ERWIN" in done.output


def test_rctab_format_needs_a_config_and_files_exclude_it() -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["count", "x.blt", "--format", "rctab"])
    assert done.exit_code == 2
    done = runner.invoke(main, ["count", "x.blt", "--rctab-config", "c.json"])
    assert done.exit_code == 2
    done = runner.invoke(main, ["count"])
    assert done.exit_code == 2


def test_a_missing_config_is_one_line_and_exit_1() -> None:
    done = CliRunner().invoke(main, ["count", "--rctab-config", "no/such/config.json"])
    assert done.exit_code == 1
    assert done.output.count("\n") == 1 and done.output.startswith("tellers: ")


def test_a_lot_naming_someone_not_standing_is_refused_before_the_count() -> None:
    args = ["count", "--rctab-config", config(), "--lots", "JOHN ERWIN>Zed"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 1
    assert "Zed is not a standing candidate" in done.output
    assert "Elected" not in done.output
