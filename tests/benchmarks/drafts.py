"""Generate large, realistic Vietnamese drafts for the benchmark, deterministically.

The drafts are laid out like ``tests/make_sample_draft.py``'s sample (and like real drafts): every
paragraph is in the Normal style, headings are bold / italic numbered lines (PHẦN / I. / 1. / 1.1. / a)),
each section holds 3-8 body paragraphs of varied text with some bold run-in labels and italic
quotations, bullet lists, and a data table every ten sections. The frame (styles, header block,
title, "Nơi nhận" / signature block, page setup) is built with python-docx through the sample
script's own helpers; the body is written as WordprocessingML text directly, which is many times
faster than python-docx for tens of thousands of paragraphs. Word-like noise is included: runs split
at edit boundaries with revision ids, and proofing marks around some words.
"""
from __future__ import annotations

import io
import math
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ZIP_TIME = (2024, 12, 9, 16, 30, 0)
PLACEHOLDER = "@@BENCHMARK-BODY@@"

PART_ORDINALS = ["NHẤT", "HAI", "BA", "TƯ", "NĂM", "SÁU", "BẢY", "TÁM", "CHÍN", "MƯỜI"]
PART_TITLES = [
    "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NHIỆM KỲ 2020 - 2025",
    "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025 - 2030",
    "TÌNH HÌNH THỰC HIỆN CÁC CHƯƠNG TRÌNH, ĐỀ ÁN TRỌNG ĐIỂM",
    "ĐÁNH GIÁ CÔNG TÁC XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ",
    "KIẾN NGHỊ, ĐỀ XUẤT VÀ TỔ CHỨC THỰC HIỆN",
    "KẾT QUẢ THỰC HIỆN CÁC NGHỊ QUYẾT CHUYÊN ĐỀ",
    "CÔNG TÁC QUỐC PHÒNG, AN NINH VÀ ĐỐI NGOẠI",
    "PHÁT TRIỂN KINH TẾ - XÃ HỘI CÁC HUYỆN, THÀNH PHỐ",
    "CÔNG TÁC KIỂM TRA, GIÁM SÁT VÀ THI HÀNH KỶ LUẬT ĐẢNG",
    "TỔNG KẾT, RÚT KINH NGHIỆM",
]

TOPICS = [
    "phát triển kinh tế", "tài chính, ngân sách", "tín dụng, ngân hàng", "sản xuất nông, lâm nghiệp",
    "xây dựng nông thôn mới", "công nghiệp, tiểu thủ công nghiệp", "thương mại, dịch vụ", "du lịch",
    "kết cấu hạ tầng giao thông", "quy hoạch và phát triển đô thị", "chuyển đổi số", "khoa học và công nghệ",
    "tài nguyên và môi trường", "giáo dục và đào tạo", "y tế, chăm sóc sức khỏe Nhân dân",
    "văn hóa, thông tin, thể dục, thể thao", "lao động, việc làm", "giảm nghèo và an sinh xã hội",
    "quốc phòng, quân sự địa phương", "an ninh chính trị, trật tự, an toàn xã hội", "công tác đối ngoại",
    "công tác chính trị, tư tưởng", "công tác tổ chức, cán bộ", "công tác kiểm tra, giám sát",
    "công tác dân vận", "phòng, chống tham nhũng, lãng phí, tiêu cực", "cải cách hành chính",
    "thu hút đầu tư", "phát triển doanh nghiệp", "phòng, chống thiên tai", "quản lý đất đai, khoáng sản",
    "bảo tồn, phát huy giá trị di sản văn hóa", "công tác dân tộc, tôn giáo", "xây dựng chính quyền",
]
ROMAN_PREFIX = ["LĨNH VỰC", "CÔNG TÁC", "KẾT QUẢ", "TÌNH HÌNH", "LÃNH ĐẠO, CHỈ ĐẠO", "NHIỆM VỤ, GIẢI PHÁP VỀ"]
ARABIC_PREFIX = ["Về", "Công tác", "Kết quả", "Tình hình", "Lãnh đạo", "Nâng cao hiệu quả", "Đẩy mạnh"]
SUBTOPICS = [
    "Kết quả đạt được", "Hạn chế, tồn tại", "Nguyên nhân của hạn chế", "Bài học kinh nghiệm",
    "Nhiệm vụ trọng tâm", "Giải pháp chủ yếu", "Tổ chức thực hiện", "Công tác phối hợp",
    "Kiểm tra, đôn đốc", "Huy động nguồn lực", "Phân cấp, phân quyền", "Theo dõi, đánh giá",
]
LETTER_TITLES = [
    "Nguyên nhân khách quan", "Nguyên nhân chủ quan", "Ở cấp tỉnh", "Ở cấp huyện", "Ở cấp xã",
    "Khu vực thành thị", "Khu vực nông thôn", "Vùng đồng bào dân tộc thiểu số", "Về cơ chế, chính sách",
]
LETTERS = "abcdđeghik"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII",
         "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII",
         "XXXVIII", "XXXIX"]

SUBJECTS = [
    "Ủy ban nhân dân tỉnh", "Các sở, ban, ngành", "Ban Thường vụ Tỉnh ủy", "Các huyện ủy, thành ủy",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", "Các cơ quan chuyên môn", "Ban Chỉ đạo tỉnh",
    "Cấp ủy, chính quyền các cấp", "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài chính", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Đảng ủy Khối các cơ quan tỉnh", "Hội Nông dân tỉnh", "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh",
]
VERBS = [
    "đã tập trung lãnh đạo, chỉ đạo", "tiếp tục triển khai quyết liệt", "chủ động phối hợp thực hiện",
    "đẩy mạnh", "tăng cường kiểm tra, giám sát việc thực hiện", "kịp thời tháo gỡ khó khăn, vướng mắc trong",
    "rà soát, đánh giá kết quả", "ban hành kế hoạch cụ thể hóa", "huy động các nguồn lực cho",
    "sơ kết, rút kinh nghiệm việc thực hiện", "đổi mới phương thức lãnh đạo đối với",
]
OBJECTS = [
    "các chương trình mục tiêu quốc gia", "công tác cải cách hành chính", "chuyển đổi số trong cơ quan nhà nước",
    "giải ngân vốn đầu tư công", "xây dựng nông thôn mới nâng cao", "phòng, chống tham nhũng, lãng phí",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu", "phát triển du lịch cộng đồng",
    "công tác giảm nghèo bền vững", "đào tạo nghề cho lao động nông thôn", "quản lý đất đai, khoáng sản",
    "công tác phổ cập giáo dục", "chăm sóc sức khỏe ban đầu cho Nhân dân", "khắc phục hậu quả thiên tai",
    "sắp xếp tổ chức bộ máy tinh gọn", "phát triển sản phẩm OCOP", "xây dựng hạ tầng số",
]
TAILS = [
    "kết quả đạt {p}% kế hoạch năm", "tăng {p}% so với cùng kỳ năm trước", "với tổng kinh phí {m} tỷ đồng",
    "bảo đảm đúng tiến độ đề ra", "góp phần ổn định đời sống của Nhân dân", "huy động {n} lượt người tham gia",
    "trong đó {n} hộ được hỗ trợ trực tiếp", "nâng tổng số lên {n} mô hình", "giảm {q}% so với năm 2023",
    "bình quân đạt {q} điểm/100 điểm", "hoàn thành {k}/{n2} chỉ tiêu được giao",
]
OPENERS = ["Tuy nhiên,", "Bên cạnh đó,", "Đặc biệt,", "Nhìn chung,", "Trong năm,", "Đến nay,", "Qua đó,",
           "Mặt khác,", "Ngoài ra,"]
CLOSERS = [
    "Công tác phối hợp giữa các cơ quan có lúc chưa chặt chẽ, việc tổng hợp, báo cáo còn chậm.",
    "Việc tổ chức thực hiện ở một số địa phương chưa quyết liệt, hiệu quả chưa cao.",
    "Kết quả này khẳng định sự đúng đắn trong lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ tỉnh.",
    "Người dân đồng tình, ủng hộ, tích cực tham gia, tạo sự đồng thuận cao trong xã hội.",
    "Đội ngũ cán bộ, công chức, viên chức phát huy tinh thần trách nhiệm, dám nghĩ, dám làm.",
]
SLOGANS = ["Kỷ cương, trách nhiệm, đổi mới, tăng tốc, bứt phá", "Dân vận khéo",
           "Toàn dân đoàn kết xây dựng đời sống văn hóa", "Cả nước chung tay vì người nghèo",
           "Không để ai bị bỏ lại phía sau", "Lấy Nhân dân làm trung tâm, làm chủ thể"]
TABLE_ROWS = [
    ("Tốc độ tăng trưởng kinh tế (GRDP)", "%"), ("GRDP bình quân đầu người", "triệu đồng"),
    ("Tổng vốn đầu tư toàn xã hội", "tỷ đồng"), ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng"),
    ("Tổng sản lượng lương thực có hạt", "nghìn tấn"), ("Trồng rừng mới", "ha"),
    ("Tỷ lệ che phủ rừng", "%"), ("Số xã đạt chuẩn nông thôn mới", "xã"), ("Tỷ lệ hộ nghèo", "%"),
    ("Tỷ lệ lao động qua đào tạo", "%"), ("Số bác sĩ/vạn dân", "bác sĩ"), ("Tỷ lệ tham gia bảo hiểm y tế", "%"),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp"), ("Kim ngạch xuất khẩu", "triệu USD"),
    ("Tổng lượt khách du lịch", "nghìn lượt"), ("Số trường đạt chuẩn quốc gia", "trường"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "%"), ("Số đảng viên kết nạp mới", "đảng viên"),
]
TABLE_HEADERS = [
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "So sánh (%)"],
    ["STT", "Nội dung", "Đơn vị", "Năm 2023", "Kế hoạch năm 2024", "Ước thực hiện năm 2024", "So kế hoạch (%)"],
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Ghi chú"],
]


def vn(value: float, places: int = 1) -> str:
    """1245.4 -> "1.245,4" (Vietnamese grouping and decimal comma)."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@dataclass
class DraftInfo:
    path: Path
    sections: int  # headings generated (what the reader should find)
    paragraphs: int  # body-level paragraphs written (headings, text, captions; not table cells)
    tables: int
    pages: int  # estimate at Times New Roman 14 pt on A4 (30/15 mm margins)
    xml_bytes: int


class _Body:
    """Accumulates the body XML and the counts used for the page estimate."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.parts: list[str] = []
        self.lines = 0.0
        self.paragraphs = 0
        self.tables = 0
        self.rsid = 0x00A10000

    def _rsid(self) -> str:
        self.rsid += self.rng.randint(1, 977)
        return f"{self.rsid & 0xFFFFFFFF:08X}"

    # ---------------------------------------------------------------- paragraphs

    def para(self, runs: list[tuple[str, bool, bool]], *, align: str | None = None, indent: bool = True,
             before: int | None = None, keep: bool = False, size: int | None = None,
             split: bool = False) -> None:
        """One paragraph; ``runs`` are (text, bold, italic); ``split`` cuts runs Word-style."""
        ppr = ""
        if keep:
            ppr += "<w:keepNext/>"
        if before is not None:
            ppr += f'<w:spacing w:before="{before * 20}"/>'
        ppr += '<w:ind w:firstLine="720"/>' if indent else '<w:ind w:firstLine="0"/>'
        if align:
            ppr += f'<w:jc w:val="{align}"/>'
        out = [f'<w:p w:rsidR="{self._rsid()}" w:rsidRDefault="{self._rsid()}"><w:pPr>{ppr}</w:pPr>']
        for text, bold, italic in runs:
            pieces = self._split(text) if split else [text]
            for piece in pieces:
                rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
                if size:
                    rpr += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
                rpr += '<w:lang w:val="vi-VN"/>'
                if split and self.rng.random() < 0.08:
                    out.append('<w:proofErr w:type="spellStart"/>')
                out.append(f'<w:r w:rsidRPr="{self._rsid()}"><w:rPr>{rpr}</w:rPr>'
                           f'<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
                if split and self.rng.random() < 0.08:
                    out.append('<w:proofErr w:type="spellEnd"/>')
        out.append("</w:p>")
        self.parts.append("".join(out))
        self.paragraphs += 1
        chars = sum(len(t) for t, _b, _i in runs)
        self.lines += max(1, math.ceil(chars / 78)) + 0.4

    def _split(self, text: str) -> list[str]:
        """Word splits a paragraph's text into runs wherever it was edited or spell-checked."""
        n = self.rng.choice((1, 1, 2, 2, 3, 4))
        if n == 1 or len(text) < 40:
            return [text]
        cuts = sorted({text.find(" ", self.rng.randrange(1, len(text))) for _ in range(n - 1)} - {-1})
        out, last = [], 0
        for c in cuts:
            if c > last:
                out.append(text[last:c])
                last = c
        out.append(text[last:])
        return out

    # ---------------------------------------------------------------- tables

    def table(self, caption_no: int) -> None:
        rng = self.rng
        header = rng.choice(TABLE_HEADERS)
        cols = len(header)
        n_rows = rng.randint(8, 20)
        self.para([(f"Biểu {caption_no}: MỘT SỐ CHỈ TIÊU CHỦ YẾU ({rng.choice(TOPICS).upper()})", True, False)],
                  align="center", indent=False, before=12, keep=True)
        self.para([("Đơn vị tính: theo từng chỉ tiêu", False, True)], align="right", indent=False, size=13,
                   keep=True)
        total = 9070
        widths = [680] + [2900] + [(total - 3580) // (cols - 2)] * (cols - 2)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        border = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                         for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
        out = [f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']

        def cell(text: str, width: int, align: str, bold: bool = False) -> str:
            rpr = ("<w:b/><w:bCs/>" if bold else "") + '<w:sz w:val="24"/><w:szCs w:val="24"/>'
            run = (f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
                   if text else "")
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
                    f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>')

        out.append('<w:tr><w:trPr><w:tblHeader/></w:trPr>'
                   + "".join(cell(h, w, "center", True) for h, w in zip(header, widths, strict=True)) + "</w:tr>")
        stt = 0
        for r in range(n_rows):
            group = r % 6 == 0
            if group:
                values = ["ABCDEFGH"[r // 6], rng.choice(TOPICS).upper()] + [""] * (cols - 2)
            else:
                stt += 1
                name, unit = rng.choice(TABLE_ROWS)
                nums = [rng.uniform(5, 12000) for _ in range(cols - 4)]
                values = [str(stt), name, unit] + [vn(x) for x in nums] + [vn(rng.uniform(85, 125))]
                if header[-1] == "Ghi chú":
                    values[-1] = rng.choice(["", "", "Ước tính", "Số liệu sơ bộ"])
            out.append("<w:tr>" + "".join(
                cell(v, w, "left" if i == 1 else ("center" if i in (0, 2) else "right"), group)
                for i, (v, w) in enumerate(zip(values, widths, strict=True))) + "</w:tr>")
        out.append("</w:tbl>")
        self.parts.append("".join(out))
        self.tables += 1
        self.lines += (n_rows + 2) * 1.3 + 1


class _Text:
    """Varied Vietnamese prose built from phrase pools, with figures in Vietnamese notation."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _fill(self, template: str) -> str:
        r = self.rng
        n2 = r.randint(10, 30)
        return template.format(p=vn(r.uniform(0.5, 130)), q=vn(r.uniform(0.5, 60)), m=vn(r.uniform(1, 5000)),
                               n=f"{r.randint(3, 95000):,}".replace(",", "."), n2=n2, k=r.randint(n2 // 2, n2))

    def sentence(self, opener: bool = False) -> str:
        r = self.rng
        s = f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)}, {self._fill(r.choice(TAILS))}"
        if r.random() < 0.5:
            s += f"; {r.choice(VERBS).split(',')[0].removeprefix('đã ')} {r.choice(OBJECTS)}"
        if opener:
            # "Các sở, ban, ngành" is lowered after an opener; names of bodies keep their capital.
            s = f"{r.choice(OPENERS)} {s[0].lower() + s[1:] if s.startswith(('Các ', 'Cấp ')) else s}"
        return s + "."

    def paragraph(self) -> list[tuple[str, bool, bool]]:
        """Runs (text, bold, italic) of one body paragraph, about 200-700 characters."""
        r = self.rng
        runs: list[tuple[str, bool, bool]] = []
        if r.random() < 0.12:
            runs.append((f"Về {r.choice(TOPICS)}:", True, False))
            runs.append((" ", False, False))
        text = " ".join(self.sentence(opener=i > 0 and r.random() < 0.5) for i in range(r.randint(1, 3)))
        if r.random() < 0.15:
            head, tail = text.split(", ", 1) if ", " in text else (text, "")
            runs.append((f"{head}, thực hiện phương châm “", False, False))
            runs.append((r.choice(SLOGANS), False, True))
            runs.append((f"”, {tail}" if tail else "”.", False, False))
        else:
            runs.append((text, False, False))
        if r.random() < 0.2:
            runs.append((" " + r.choice(CLOSERS), False, False))
        return runs

    def bullet(self, mark: str) -> list[tuple[str, bool, bool]]:
        r = self.rng
        return [(f"{mark} {r.choice(OBJECTS).capitalize()}: {self._fill(r.choice(TAILS))};", False, False)]


def _plan(n_sections: int, rng: random.Random) -> list[str]:
    """The heading sequence, as kinds: part, roman, arabic, arabic_n2 ("1.1.") and letter ("a)")."""
    n_parts = 2 if n_sections <= 800 else 5
    plan: list[str] = []
    for part in range(n_parts):
        limit = (part + 1) * (n_sections // n_parts) if part < n_parts - 1 else n_sections
        plan.append("part")
        while len(plan) < limit:
            plan.append("roman")
            for _ in range(rng.randint(3, 8)):
                if len(plan) >= limit:
                    break
                plan.append("arabic")
                choice = rng.random()
                children = rng.randint(2, 4) if choice < 0.45 else rng.randint(2, 3) if choice < 0.6 else 0
                for _ in range(children):
                    if len(plan) >= limit:
                        break
                    plan.append("arabic_n2" if choice < 0.45 else "letter")
                    if choice < 0.45 and rng.random() < 0.25:
                        for _ in range(rng.randint(2, 3)):
                            if len(plan) >= limit:
                                break
                            plan.append("letter")
    assert len(plan) == n_sections, (len(plan), n_sections)
    return plan


def _body(n_sections: int, seed: int) -> _Body:
    rng = random.Random(seed)
    body = _Body(rng)
    text = _Text(rng)
    counters = {"part": 0, "roman": 0, "arabic": 0, "arabic_n2": 0, "letter": 0}
    resets = {"part": ("roman", "arabic", "arabic_n2", "letter"), "roman": ("arabic", "arabic_n2", "letter"),
              "arabic": ("arabic_n2", "letter"), "arabic_n2": ("letter",), "letter": ()}
    plan = _plan(n_sections, rng)
    for index, kind in enumerate(plan):
        counters[kind] += 1
        for k in resets[kind]:
            counters[k] = 0
        topic = rng.choice(TOPICS)
        if kind == "part":
            ordinal = PART_ORDINALS[counters["part"] - 1]
            body.para([(f"PHẦN THỨ {ordinal}", True, False)], align="center", indent=False, before=12, keep=True)
            body.para([(PART_TITLES[(counters["part"] - 1) % len(PART_TITLES)], True, False)], align="center",
                      indent=False, keep=True)
        elif kind == "roman":
            prefix = rng.choice(ROMAN_PREFIX)
            title = topic.upper() if topic.upper().startswith(prefix) else f"{prefix} {topic.upper()}"
            body.para([(f"{ROMAN[counters['roman'] - 1]}. {title}", True, False)], keep=True)
        elif kind == "arabic":
            prefix = rng.choice(ARABIC_PREFIX)
            title = topic[0].upper() + topic[1:] if topic.startswith(prefix.lower()) else f"{prefix} {topic}"
            body.para([(f"{counters['arabic']}. {title}", True, False)], keep=True)
        elif kind == "arabic_n2":
            title = f"{rng.choice(SUBTOPICS)} về {topic}"
            body.para([(f"{counters['arabic']}.{counters['arabic_n2']}. {title}", True, True)], keep=True)
        else:
            title = rng.choice(LETTER_TITLES)
            bold = rng.random() < 0.3
            body.para([(f"{LETTERS[counters['letter'] - 1]}) {title}", bold, True)], keep=True)
        for n in range(rng.randint(3, 8)):
            body.para(text.paragraph(), split=True)
            if n == 0 and rng.random() < 0.25:
                mark = rng.choice("-+")
                for _ in range(rng.randint(2, 5)):
                    body.para(text.bullet(mark), split=True)
        if index % 10 == 5:
            body.table(body.tables + 1)
    body.para([("Trên đây là Báo cáo tổng hợp của Ban Thường vụ Tỉnh ủy An Phú./.", False, False)], before=12)
    return body


def _frame() -> list[tuple[str, bytes]]:
    """The sample's frame (styles, page setup, header and closing blocks) with a body placeholder."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from tests import make_sample_draft as sample

    doc = Document()
    sample.setup_document(doc)
    doc.core_properties.title = "Dự thảo Báo cáo tổng hợp (văn bản sinh cho benchmark)"
    sample.header_block(doc)
    c = WD_ALIGN_PARAGRAPH.CENTER
    sample.para(doc, "DỰ THẢO", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, indent=False, before=6)
    sample.para(doc, "BÁO CÁO", align=c, bold=True, indent=False, before=12, size=15)
    for line in sample.SUBTITLE_LINES:
        sample.para(doc, line, align=c, bold=True, indent=False, before=0)
    sample.para(doc, "-----", align=c, indent=False, before=0, after=6)
    sample.para(doc, PLACEHOLDER)
    sample.closing_block(doc)
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return [(name, zf.read(name)) for name in zf.namelist()]


def write_draft(path: Path, n_sections: int, *, seed: int = 2024, frame=None) -> DraftInfo:
    """Write a draft with exactly ``n_sections`` headings; the same arguments give the same bytes."""
    parts = frame or _frame()
    body = _body(n_sections, seed)
    xml = dict(parts)["word/document.xml"].decode("utf-8")
    at = xml.index(PLACEHOLDER)
    start = max(xml.rfind("<w:p>", 0, at), xml.rfind("<w:p ", 0, at))
    end = xml.index("</w:p>", at) + len("</w:p>")
    xml = xml[:start] + "".join(body.parts) + xml[end:]
    data = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts:
            if name == "word/document.xml":
                content = data
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    # Header block (~6 lines), title (~5), closing block (~12) and the body; 41 lines a page.
    pages = math.ceil((body.lines + 23) / 41)
    return DraftInfo(path, n_sections, body.paragraphs, body.tables, pages, len(data))


def frame():
    """Build the python-docx frame once and reuse it for several drafts."""
    return _frame()
