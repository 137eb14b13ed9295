"""The dump reader against the shapes mysqldump and phpMyAdmin write, and against broken files."""

from __future__ import annotations

import gzip
from decimal import Decimal
from pathlib import Path

import pytest

from toasoan.nukeviet.dump import DumpError, NukeVietDump, create_table_columns, read_dump, statements

MYSQLDUMP = r"""-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: portal
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;

DROP TABLE IF EXISTS `nv4_vi_news_cat`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE `nv4_vi_news_cat` (
  `catid` smallint(5) unsigned NOT NULL AUTO_INCREMENT,
  `parentid` smallint(5) unsigned NOT NULL DEFAULT '0',
  `title` varchar(250) NOT NULL COMMENT 'Tên; có dấu (chấm phẩy)',
  `alias` varchar(250) NOT NULL DEFAULT '',
  `weight` decimal(6,2) NOT NULL DEFAULT '0.00',
  PRIMARY KEY (`catid`),
  UNIQUE KEY `alias` (`alias`),
  KEY `parentid` (`parentid`)
) ENGINE=MyISAM AUTO_INCREMENT=9 DEFAULT CHARSET=utf8mb4;
LOCK TABLES `nv4_vi_news_cat` WRITE;
/*!40000 ALTER TABLE `nv4_vi_news_cat` DISABLE KEYS */;
INSERT INTO `nv4_vi_news_cat` VALUES (1,0,'Tin tức; sự kiện','tin-tuc',1.50),
(2,1,'Ý kiến \'bạn đọc\'','y-kien',-2.00),(3,0,'Dòng 1\nDòng 2\\cuối','hai-dong',0.00);
/*!40000 ALTER TABLE `nv4_vi_news_cat` ENABLE KEYS */;
UNLOCK TABLES;
INSERT INTO `nv4_vi_modules` (`title`, `module_file`, `module_data`) VALUES ('news','news','news');
INSERT INTO `nv4_en_modules` (`title`, `module_file`, `module_data`) VALUES ('news','news','news');
"""

PHPMYADMIN = """-- phpMyAdmin SQL Dump
SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";

INSERT INTO `nv4_vi_news_rows` (`id`, `title`, `hometext`, `image`, `flag`) VALUES
(1, 'Bản tin sáng', 'Mở đầu;\nvẫn trong chuỗi;
dòng này kết thúc bằng chấm phẩy trong chuỗi;', NULL, 0x4142),
(2, 'Bài ''hai''', '', _binary 'xy', b'101');
"""


def write(tmp_path: Path, text: str | bytes, name: str = "portal.sql") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_mysqldump_rows_with_create_table_columns_and_escapes(tmp_path):
    rows = list(read_dump(write(tmp_path, MYSQLDUMP), tables={"nv4_vi_news_cat"}))

    assert [table for table, _ in rows] == ["nv4_vi_news_cat"] * 3
    assert rows[0][1] == {
        "catid": 1,
        "parentid": 0,
        "title": "Tin tức; sự kiện",
        "alias": "tin-tuc",
        "weight": Decimal("1.50"),
    }
    assert rows[1][1]["title"] == "Ý kiến 'bạn đọc'"
    assert rows[1][1]["weight"] == Decimal("-2.00")
    assert rows[2][1]["title"] == "Dòng 1\nDòng 2\\cuối"


def test_phpmyadmin_multiline_insert_with_column_list(tmp_path):
    rows = [row for _, row in read_dump(write(tmp_path, PHPMYADMIN))]

    assert rows[0] == {
        "id": 1,
        "title": "Bản tin sáng",
        "hometext": "Mở đầu;\nvẫn trong chuỗi;\ndòng này kết thúc bằng chấm phẩy trong chuỗi;",
        "image": None,
        "flag": b"AB",
    }
    assert rows[1] == {"id": 2, "title": "Bài 'hai'", "hometext": "", "image": b"xy", "flag": b"\x05"}


def test_gzipped_dump_reads_the_same(tmp_path):
    plain = write(tmp_path, MYSQLDUMP)
    packed = tmp_path / "portal.sql.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))

    assert list(read_dump(packed)) == list(read_dump(plain))


def test_other_tables_are_passed_over_and_the_rest_read(tmp_path):
    path = write(tmp_path, MYSQLDUMP)

    everything = list(read_dump(path))

    assert {table for table, _ in everything} == {"nv4_vi_news_cat", "nv4_vi_modules", "nv4_en_modules"}
    assert list(read_dump(path, tables={"nv4_vi_modules"})) == [
        ("nv4_vi_modules", {"title": "news", "module_file": "news", "module_data": "news"})
    ]


def test_columns_from_the_fallback_when_the_dump_has_none(tmp_path):
    path = write(tmp_path, "INSERT INTO nv4_vi_faq VALUES (7,'Hỏi?','Đáp.');\n")

    with pytest.raises(DumpError, match="không biết tên cột của bảng nv4_vi_faq"):
        list(read_dump(path))
    rows = list(read_dump(path, fallback_columns={"nv4_vi_faq": ["id", "question", "answer"]}))

    assert rows == [("nv4_vi_faq", {"id": 7, "question": "Hỏi?", "answer": "Đáp."})]


def test_bytes_that_are_not_utf8_come_back_as_bytes(tmp_path):
    path = write(tmp_path, b"INSERT INTO `t` (`a`,`b`) VALUES ('\xe0\xe1 TCVN3','ok');\n")

    [(_, row)] = list(read_dump(path))

    assert row == {"a": b"\xe0\xe1 TCVN3", "b": "ok"}


def test_several_statements_on_one_line_and_comments_between(tmp_path):
    path = write(
        tmp_path,
        "INSERT INTO `t` (`a`) VALUES (1); # một\n"
        "INSERT INTO `t` (`a`) VALUES (2);/* hai */INSERT INTO `t` (`a`) VALUES (3);\n",
    )

    assert [row["a"] for _, row in read_dump(path)] == [1, 2, 3]


def test_statements_report_the_line_they_start_on(tmp_path):
    path = write(tmp_path, "SET NAMES utf8;\n\nINSERT INTO `t` (`a`)\nVALUES (1);\nSET x=1;\n")

    assert [line for line, _ in statements(path)] == [1, 3, 5]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT INTO `t` (`a`) VALUES ('không đóng);\n", "kết thúc giữa một câu lệnh"),
        ("INSERT INTO `t` (`a`,`b`) VALUES (1);\n", "có 2 cột nhưng một dòng có 1 giá trị"),
        ("INSERT INTO `t` (`a`) VALUES (1) (2);\n", "thừa ký tự"),
        ("INSERT INTO `t` (`a`) VALUES (abc);\n", "giá trị không đọc được"),
    ],
    ids=["unterminated", "count", "junk-after", "bad-value"],
)
def test_a_broken_dump_is_a_clear_vietnamese_error(tmp_path, text, message):
    with pytest.raises(DumpError, match=message):
        list(read_dump(write(tmp_path, text)))


def test_a_truncated_gzip_is_a_clear_error(tmp_path):
    packed = gzip.compress(MYSQLDUMP.encode())
    path = write(tmp_path, packed[: len(packed) // 2], "cut.sql.gz")

    with pytest.raises(DumpError, match="hỏng hoặc bị cắt"):
        list(read_dump(path))


def test_create_table_columns_skip_keys_and_read_nested_parentheses():
    name, columns = create_table_columns(
        "CREATE TABLE IF NOT EXISTS `nv4_vi_laws_row` (\n id int(11) NOT NULL,\n"
        " `title` varchar(255) DEFAULT 'a,(b)',\n amount decimal(10,2),\n"
        " PRIMARY KEY (id),\n UNIQUE KEY `x` (`title`,`id`)\n) ENGINE=MyISAM"
    )

    assert name == "nv4_vi_laws_row"
    assert columns == ["id", "title", "amount"]


def test_nukeviet_dump_knows_its_prefix_languages_and_tables(tmp_path):
    dump = NukeVietDump(write(tmp_path, MYSQLDUMP))

    assert dump.prefix == "nv4"
    assert dump.languages == ["en", "vi"]
    assert dump.has("news_cat") and not dump.has("news_rows") and not dump.has("news_cat", "en")
    assert [row["alias"] for row in dump.rows("news_cat")] == ["tin-tuc", "y-kien", "hai-dong"]
    assert list(dump.rows("news_rows")) == []


def test_nukeviet_dump_without_tables_is_refused(tmp_path):
    with pytest.raises(DumpError, match="không phải bản sao MySQL"):
        NukeVietDump(write(tmp_path, "-- chỉ có chú thích\nSET NAMES utf8;\n"))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DumpError, match="Không mở được bản sao"):
        list(read_dump(tmp_path / "khong-co.sql"))
