"""The data-file reader: pure, no database."""

import pytest

from ntm.legal.datafile import DEFAULT_PATH, LegalFileError, read_documents

GOOD = """schema = 1
[[documents]]
symbol = "QĐ 318/QĐ-TTg"
kind = "decision"
issued_on = 2022-03-08
provenance = "confirmed"
"""


def write(tmp_path, text):
    path = tmp_path / "documents.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_holds_the_documents_the_project_cites():
    entries = {entry.symbol: entry for entry in read_documents(DEFAULT_PATH)}
    for symbol in (
        "KH 202/KH-UBND",
        "QĐ 924/QĐ-TTg",
        "QĐ 263/QĐ-TTg",
        "QĐ 318/QĐ-TTg",
        "QĐ 319/QĐ-TTg",
        "QĐ 320/QĐ-TTg",
        "QĐ 321/QĐ-TTg",
        "QĐ 18/2022/QĐ-TTg",
        "QĐ 51/2025/QĐ-TTg",
        "NĐ 30/2020/NĐ-CP",
        "QĐ 148/QĐ-TTg",
        "QĐ 919/QĐ-TTg",
        "QĐ 3156/QĐ-BNN-TT",
        "TT 02/2024/TT-BKHCN",
        "QCVN 01-1:2018/BYT",
        "TT 41/2018/TT-BYT",
    ):
        assert symbol in entries, symbol
    plan = entries["KH 202/KH-UBND"]
    assert (str(plan.issued_on), plan.issuer) == ("2023-08-18", "Ủy ban nhân dân tỉnh Đồng Nai")
    # What no public page gives stays empty: no validity end for anything.
    assert str(entries["NĐ 30/2020/NĐ-CP"].issued_on) == "2020-03-05" and not entries["KH 202/KH-UBND"].url
    assert all(entry.effective_to is None for entry in entries.values())
    assert all(entry.source for entry in entries.values())


def test_a_good_file_reads_and_its_hash_follows_its_content(tmp_path):
    (entry,) = read_documents(write(tmp_path, GOOD))
    assert (entry.symbol, entry.kind, str(entry.issued_on), entry.title) == (
        "QĐ 318/QĐ-TTg",
        "decision",
        "2022-03-08",
        "",
    )
    (changed,) = read_documents(write(tmp_path, GOOD + 'title = "Bộ tiêu chí"\n'))
    assert changed.content_hash != entry.content_hash


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema = 1\n[[documents]\n", "TOML"),
        ("schema = 2\n[[documents]]\nsymbol='A'\nkind='decision'\nprovenance='confirmed'\n", "schema"),
        ("schema = 1\n", "không có mục"),
        (GOOD + "signer = 'X'\n", "khóa không hợp lệ “signer”"),
        (GOOD.replace('kind = "decision"', 'kind = "edict"'), "“kind” phải là một trong"),
        (GOOD.replace('provenance = "confirmed"', 'provenance = "sure"'), "“provenance”"),
        (GOOD.replace("issued_on = 2022-03-08", 'issued_on = "8/3/2022"'), "phải là ngày"),
        (GOOD + 'url = "ftp://x"\n', "“url”"),
        (GOOD + "effective_from = 2022-03-08\neffective_to = 2021-01-01\n", "trước"),
        (GOOD + GOOD.replace("schema = 1\n", ""), "xuất hiện hai lần"),
        (GOOD.replace('symbol = "QĐ 318/QĐ-TTg"', 'symbol = ""'), "“symbol” phải là chuỗi không rỗng"),
    ],
)
def test_a_bad_file_is_refused_with_every_problem_named(tmp_path, text, message):
    with pytest.raises(LegalFileError) as caught:
        read_documents(write(tmp_path, text))
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(LegalFileError, match="không đọc được"):
        read_documents(tmp_path / "none.toml")
