"""`finsam validate-facts`: every problem with file and line, and an exit code to script on."""

from pipelines.cli import main

HEADER = "record_type,federation_id,fiscal_year,scenario,code,item,value,unit,raw_label,source_file,source_line,status"


def test_valid_files_exit_0(tmp_path, capsys):
    path = tmp_path / "ok.facts.csv"
    path.write_text(
        f"{HEADER}\nbudget_line,solleftea,2024,budget,total_costs,,2832000,sek,Summa,vp.txt,9,verified\n",
        encoding="utf-8",
    )
    assert main(["validate-facts", str(path)]) == 0
    assert "1 rows valid, 0 problems" in capsys.readouterr().err


def test_every_problem_is_printed_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "bad.facts.csv"
    path.write_text(
        f"{HEADER}\n"
        "budget_line,solleftea,2024,budget,total_costs,,2 832 000,sek,Summa,vp.txt,9,verified\n"
        "budget_line,solleftea,2024,budget,total_costs,,28,32,sek,Summa,vp.txt,9,verified\n"
        "budget_line,solleftea,2024,budget,total_costs,,-5,sek,Summa,vp.txt,9,verified\n",
        encoding="utf-8",
    )
    assert main(["validate-facts", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{path}:3: has 13 fields, the header has 12",
        f"{path}:4: value '-5' is negative; costs and income are magnitudes",
    ]
    assert "1 rows valid, 2 problems" in captured.err


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path, capsys):
    assert main(["validate-facts", str(tmp_path / "nope.facts.csv")]) == 1
    assert "cannot be read" in capsys.readouterr().out
