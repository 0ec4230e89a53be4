"""core.tabular: the CSV files spreadsheets really write, and choosing columns by name."""

import numpy as np
import pytest

from core.datasets2d import load_labeled_csv
from core.errors import DataError
from core.linreg import load_points_csv
from core.tabular import ColumnChoice, csv_header, read_numeric_csv, read_table

ROWS = [(1.0, 2.0), (2.0, 4.5), (3.0, 10.0)]


def write(tmp_path, data: bytes, name="d.csv"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ---------------------------------------------------------------- line ends, encodings, delimiters


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_reads_the_same(tmp_path, newline):
    text = newline.join(["x,y", "1,2", "2,4.5", "3,10"]) + newline
    p = load_points_csv(write(tmp_path, text.encode()))
    assert list(zip(p.x, p.y)) == ROWS


def test_old_mac_line_ends_keep_line_numbers_in_errors(tmp_path):
    f = write(tmp_path, b"x,y\r1,2\r3,oops\r")
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.details["line"] == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom",
                                      "gbk", "gb18030"])
def test_encodings_spreadsheets_write(tmp_path, encoding):
    text = "# 身高与体重\n身高,体重\n1,2\n2,4.5\n3,10\n"
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    f = write(tmp_path, data)
    p = load_points_csv(f)
    assert list(zip(p.x, p.y)) == ROWS
    assert csv_header(f) == ["身高", "体重"]
    assert p.columns == ColumnChoice((0, 1), ("身高", "体重"), False)  # unknown names: the first two


def test_binary_and_unknown_encodings_are_still_refused(tmp_path):
    with pytest.raises(DataError, match="not_text"):
        load_points_csv(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00"))
    with pytest.raises(DataError, match="not_text"):
        load_points_csv(write(tmp_path, b"x,y\n1,2\n\xff\xfe\xff,3\n\x80\n"))


@pytest.mark.parametrize("sep_line, delimiter", [("sep=;", ";"), ('"sep=,"', ","), ("SEP=\t", "\t"),
                                                 ("sep=|", "|")])
def test_excels_sep_line_is_honoured(tmp_path, sep_line, delimiter):
    rows = [delimiter.join(r) for r in (("x", "y"), ("1", "2"), ("2", "4.5"), ("3", "10"))]
    f = write(tmp_path, ("\n".join([sep_line, *rows]) + "\n").encode())
    table = read_table(f, (("x",), ("y",)))
    assert table.delimiter == delimiter and table.header == ("x", "y")
    assert table.values.tolist() == [list(r) for r in ROWS]


def test_sep_line_with_decimal_commas(tmp_path):
    f = write(tmp_path, "sep=;\nx;y\n1,5;2\n2;-0,25\n".encode())
    p = load_points_csv(f)
    assert p.x.tolist() == [1.5, 2.0] and p.y.tolist() == [2.0, -0.25]


def test_sep_line_errors_count_lines_from_the_file_start(tmp_path):
    f = write(tmp_path, b"sep=;\nx;y\n1;2\n3;abc\n")
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.details["line"] == 4


# ---------------------------------------------------------------- choosing columns


def test_an_id_column_is_not_fitted_against_x(tmp_path):
    f = write(tmp_path, b"id,x,y\n1,10,3\n2,20,5\n3,30,7.5\n")
    p = load_points_csv(f)
    assert p.x.tolist() == [10, 20, 30] and p.y.tolist() == [3, 5, 7.5]
    assert p.columns == ColumnChoice((1, 2), ("x", "y"), True)


@pytest.mark.parametrize("header", ["Y,X", "y,x,note", "ID;Y;X", '"x" , "y"'])
def test_names_choose_columns_in_any_order_and_case(tmp_path, header):
    sep = ";" if ";" in header else ","
    names = [h.strip().strip('"').strip().lower() for h in header.split(sep)]
    rows = []
    for x, y in ROWS:
        cells = {"x": x, "y": y, "note": "a", "id": 7}
        rows.append(sep.join(str(cells[n]) for n in names))
    f = write(tmp_path, ("\n".join([header, *rows]) + "\n").encode())
    p = load_points_csv(f)
    assert list(zip(p.x, p.y)) == ROWS and p.columns.by_name


def test_labeled_columns_by_name_and_aliases(tmp_path):
    for header, order in [("label,x2,x1", ("label", "x2", "x1")), ("x,y,class", ("x1", "x2", "label")),
                          ("x1,x2,y", ("x1", "x2", "label")), ("Class,X1,X2", ("label", "x1", "x2")),
                          ("feature1,feature2,y", ("x1", "x2", "label"))]:
        values = {"x1": [0.0, 1.0, 5.0, 6.0], "x2": [0.5, 1.5, 5.5, 6.5], "label": [3, 3, 7, 7]}
        rows = [",".join(str(values[c][i]) for c in order) for i in range(4)]
        f = write(tmp_path, ("\n".join([header, *rows]) + "\n").encode())
        d = load_labeled_csv(f)
        assert d.X[:, 0].tolist() == values["x1"] and d.X[:, 1].tolist() == values["x2"], header
        assert d.labels == (3, 7) and d.columns.by_name


def test_no_header_means_the_first_columns(tmp_path):
    f = write(tmp_path, b"1,2,99\n2,4.5,99\n3,10,99\n")
    p = load_points_csv(f)
    assert list(zip(p.x, p.y)) == ROWS
    assert p.columns == ColumnChoice((0, 1), ("", ""), False)
    assert csv_header(f) == ["", "", ""]  # one entry per column, for a chooser


def test_a_header_that_names_only_some_columns_is_refused_not_guessed(tmp_path):
    f = write(tmp_path, b"id,x,value\n1,2,3\n2,3,4\n")
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.code == "column_not_found"
    assert err.value.details["column"] == "y" and err.value.details["available"] == "id, x, value"


def test_the_caller_chooses_columns_by_name_or_index(tmp_path):
    f = write(tmp_path, b"id,height,weight,x\n1,2,3,4\n2,3,5,4\n3,4,7.5,4\n")
    assert csv_header(f) == ["id", "height", "weight", "x"]
    p = load_points_csv(f, columns=["Height", "weight"])
    assert p.x.tolist() == [2, 3, 4] and p.y.tolist() == [3, 5, 7.5]
    assert p.columns == ColumnChoice((1, 2), ("height", "weight"), False)
    q = load_points_csv(f, columns=[1, 2])
    assert q.x.tolist() == p.x.tolist() and q.columns == p.columns
    with pytest.raises(DataError, match="column_not_found"):
        load_points_csv(f, columns=["height", "mass"])
    with pytest.raises(DataError) as err:
        load_points_csv(f, columns=[1, 4])
    assert err.value.code == "column_out_of_range" and err.value.details["number"] == 5
    with pytest.raises(DataError, match="bad_columns"):
        load_points_csv(f, columns=["height"])


def test_only_the_chosen_columns_must_be_numbers(tmp_path):
    f = write(tmp_path, "name,x,y\nAnn,1,2\nBo,2,4.5\n李,3,10\n".encode())
    assert list(zip(*(lambda p: (p.x, p.y))(load_points_csv(f)))) == ROWS


def test_errors_name_the_files_own_column(tmp_path):
    f = write(tmp_path, b"Height,Weight\n1e200,1\n2e200,2\n")
    with pytest.raises(DataError) as err:
        load_points_csv(f)
    assert err.value.code == "values_too_large" and err.value.details["column"] == "Height"


# ---------------------------------------------------------------- limits


def test_too_many_rows_names_the_limit(tmp_path):
    f = write(tmp_path, b"x,y\n" + b"1,2\n" * 11)
    with pytest.raises(DataError) as err:
        read_numeric_csv(f, 2, max_rows=10)
    assert err.value.code == "too_many_rows" and err.value.details == {"path": str(f), "limit": 10}


def test_read_numeric_csv_is_positional(tmp_path):
    f = write(tmp_path, b"y,x\n1,2\n3,4\n")
    assert read_numeric_csv(f, 2).tolist() == [[1, 2], [3, 4]]
    assert isinstance(read_numeric_csv(f, 2), np.ndarray)


def test_a_header_naming_no_role_is_positional_only_when_the_widths_agree(tmp_path):
    two = write(tmp_path, "身高,体重\n1,2\n2,4.5\n3,10\n".encode(), "two.csv")
    assert list(zip(*(lambda p: (p.x, p.y))(load_points_csv(two)))) == ROWS
    three = write(tmp_path, b"id,height,weight\n1,1,2\n2,2,4.5\n3,3,10\n", "three.csv")
    with pytest.raises(DataError) as err:
        load_points_csv(three)  # not id against height: ask
    assert err.value.code == "column_not_found" and err.value.details["available"] == "id, height, weight"
    assert list(zip(*(lambda p: (p.x, p.y))(load_points_csv(three, ["height", "weight"])))) == ROWS


# ---- found by the mutation run (scripts/mutation.sh): what the user picks and reads


def test_column_index_0_is_the_first_column(tmp_path):
    f = write(tmp_path, b"a,b,c\n1,2,3\n4,5,6\n")
    p = load_points_csv(f, columns=[0, 2])
    assert p.x.tolist() == [1, 4] and p.y.tolist() == [3, 6]
    with pytest.raises(DataError) as err:
        load_points_csv(f, columns=[-1, 2])
    assert err.value.details == {"path": str(f), "column": -1, "number": 0, "count": 3}


def test_comment_lines_do_not_vote_for_the_delimiter(tmp_path):
    f = write(tmp_path, b"# exported by a,b,c,d,e,f,g, with commas\n\n# more,,,,,\nx;y\n1,5;2\n3;4\n")
    t = read_table(f, (("x",), ("y",)))
    assert t.delimiter == ";" and t.values.tolist() == [[1.5, 2.0], [3.0, 4.0]]


def test_tab_separated_files_are_recognised(tmp_path):
    f = write(tmp_path, b"x\ty\n1.5\t2\n3\t4\n")
    t = read_table(f, (("x",), ("y",)))
    assert t.delimiter == "\t" and t.values.tolist() == [[1.5, 2.0], [3.0, 4.0]]


def test_a_column_name_is_taken_by_one_role_only(tmp_path):
    """'y' is an alias of both x2 and label: label (its earlier alias) takes it, and x2 is
    then missing rather than silently the label column."""
    f = write(tmp_path, b"x1,y\n1,0\n2,1\n")
    with pytest.raises(DataError) as err:
        load_labeled_csv(f)
    assert err.value.code == "column_not_found" and err.value.details["column"] == "x2"


def test_cell_refusals_name_the_line_and_the_1_based_column(tmp_path):
    f = write(tmp_path, b"x,y\n1,2\n3,\n")
    with pytest.raises(DataError) as err:
        read_table(f, (("x",), ("y",)))
    assert err.value.details == {"path": str(f), "line": 3, "column": 2}
    g = write(tmp_path, b"x,y\n1,2\ninf,4\n", "g.csv")
    with pytest.raises(DataError) as err:
        read_table(g, (("x",), ("y",)))
    assert err.value.code == "non_finite"
    assert err.value.details == {"path": str(g), "line": 3, "column": 1, "value": "inf"}


def test_file_refusals_name_the_file(tmp_path):
    empty = write(tmp_path, b"x,y\n# nothing\n", "e.csv")
    with pytest.raises(DataError) as err:
        read_table(empty, (("x",), ("y",)))
    assert err.value.code == "no_data" and err.value.details == {"path": str(empty)}
    big = write(tmp_path, b"x,y\n" + b"1,2\n" * 10, "big.csv")
    with pytest.raises(DataError) as err:
        read_table(big, (("x",), ("y",)), max_bytes=20)
    assert err.value.code == "file_too_large"
    assert err.value.details == {"path": str(big), "bytes": 44, "limit": 20}
    with pytest.raises(DataError) as err:
        read_table(tmp_path, (("x",), ("y",)))
    assert err.value.code == "not_a_file" and err.value.details == {"path": str(tmp_path)}
    with pytest.raises(DataError) as err:
        read_table(tmp_path / "none.csv", (("x",), ("y",)))
    assert err.value.code == "file_not_found" and err.value.details == {"path": str(tmp_path / "none.csv")}
    binary = write(tmp_path, bytes(range(256)) * 4, "b.csv")
    with pytest.raises(DataError) as err:
        read_table(binary, (("x",), ("y",)))
    assert err.value.code == "not_text" and err.value.details == {"path": str(binary)}
