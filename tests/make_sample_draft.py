"""Generate the bundled sample draft and its gold outline from one data structure.

    .venv/bin/python tests/make_sample_draft.py [--dump]

Writes ``resources/samples/du-thao-bao-cao-2024.docx`` (a fictional draft report of the
fictional "Tỉnh ủy An Phú", written for this project) and ``tests/data/sample_draft_gold.json``
(its expected outline, in the format of ``/work/shared/corpus/gold/*.json``).

The draft is laid out the way real drafts are: every paragraph is in the "Normal" style and
headings are only bold / italic numbered lines, never Word heading styles. It deliberately holds
body paragraphs that look like headings (see ``TRAPS``). The output is deterministic: fixed core
properties and fixed zip timestamps, so re-running gives the same bytes for the same python-docx.
"""
from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
DOCX_NAME = "du-thao-bao-cao-2024.docx"
DOCX_PATH = ROOT / "resources" / "samples" / DOCX_NAME
GOLD_PATH = ROOT / "tests" / "data" / "sample_draft_gold.json"

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
FIRST_LINE = Mm(12.7)
SUBTITLE_LINES = ("kết quả thực hiện nhiệm vụ năm 2024,", "phương hướng, nhiệm vụ năm 2025")
# The title as a reader takes it: the "BÁO CÁO" line (in sentence case) + the subtitle lines.
TITLE = "Báo cáo " + " ".join(SUBTITLE_LINES)
CORE = {
    "title": "Dự thảo Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025",
    "author": "Văn phòng Tỉnh ủy",
    "last_modified_by": "Văn phòng Tỉnh ủy",
    "subject": "Báo cáo của Ban Chấp hành Đảng bộ tỉnh (văn bản mẫu, nội dung hư cấu)",
    "keywords": "dự thảo; báo cáo; năm 2024; phương hướng năm 2025",
    "comments": "Văn bản mẫu hư cấu của ứng dụng Draft Reviewer; tạo bởi tests/make_sample_draft.py.",
    "category": "Báo cáo",
    "language": "vi-VN",
    "revision": 2,
    "created": datetime(2024, 12, 2, 8, 0, 0),
    "modified": datetime(2024, 12, 9, 16, 30, 0),
    "last_printed": datetime(2024, 12, 9, 16, 30, 0),
}
ZIP_TIME = (2024, 12, 9, 16, 30, 0)


# ------------------------------------------------------------------ figures

def dec(text: str) -> Decimal:
    """Vietnamese number text ("1.245,4") -> Decimal."""
    return Decimal(text.replace(".", "").replace(",", "."))


def vn(value: Decimal, places: int = 1) -> str:
    """Decimal -> Vietnamese number text: "." groups thousands, "," marks decimals."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole * 100


# Budget (tỷ đồng): (STT, item, actual 2023, estimate 2024, actual 2024, group row?)
BUDGET_ROWS = [
    ("A", "THU NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN", None, None, None, True),
    ("1", "Thu nội địa", "1.131,5", "1.185,0", "1.212,6", False),
    ("2", "Thu từ hoạt động xuất, nhập khẩu", "30,5", "30,0", "32,8", False),
    ("B", "THU BỔ SUNG TỪ NGÂN SÁCH TRUNG ƯƠNG", "7.102,4", "7.420,0", "7.586,2", True),
    ("C", "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG", None, None, None, True),
    ("1", "Chi đầu tư phát triển", "2.105,7", "2.315,0", "2.398,5", False),
    ("2", "Chi thường xuyên", "5.846,9", "6.020,0", "6.112,3", False),
    ("3", "Chi trả nợ lãi, phí và chi khác", "15,2", "18,0", "16,4", False),
]


def budget_table() -> list[list[str]]:
    """Rows of the budget table; group rows A and C are the sums of their items."""
    rows: list[list[Decimal | str | None]] = [list(r) for r in BUDGET_ROWS]
    for r in rows:
        if r[2] is not None:
            r[2:5] = [dec(x) for x in r[2:5]]
    for group, items in ((0, (1, 2)), (4, (5, 6, 7))):
        for col in (2, 3, 4):
            rows[group][col] = sum((rows[i][col] for i in items), Decimal(0))
    out = []
    for stt, name, y2023, plan, actual, _group in rows:
        out.append([stt, name, vn(y2023), vn(plan), vn(actual),
                    vn(pct(actual, plan)), vn(pct(actual, y2023))])
    return out


BUDGET = budget_table()
_thu, _noidia, _bs, _chi, _cdt, _ctx = (BUDGET[i] for i in (0, 1, 3, 4, 5, 6))

# Economic indicators: (indicator, unit, plan, actual); "So sánh" is computed.
ECON_ROWS = [
    ("Tốc độ tăng trưởng kinh tế (GRDP)", "%", "7,0", "7,2"),
    ("GRDP bình quân đầu người", "triệu đồng", "58,0", "58,6"),
    ("Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "9.500", "9.850"),
    ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", _thu[3].split(",")[0], _thu[4]),
    ("Tổng sản lượng lương thực có hạt", "nghìn tấn", "185,0", "187,3"),
    ("Trồng rừng mới", "ha", "4.000", "4.312"),
    ("Tỷ lệ che phủ rừng", "%", "73,4", "73,4"),
    ("Số xã đạt chuẩn nông thôn mới (lũy kế)", "xã", "52", "54"),
    ("Tỷ lệ hộ nghèo giảm", "điểm %", "2,5", "2,9"),
    ("Tỷ lệ lao động qua đào tạo", "%", "63,0", "63,5"),
    ("Số bác sĩ/vạn dân", "bác sĩ", "13,5", "13,6"),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "96,0", "96,3"),
]
ECON = [[str(i), name, unit, plan, actual, vn(pct(dec(actual), dec(plan)))]
        for i, (name, unit, plan, actual) in enumerate(ECON_ROWS, 1)]

# Figures quoted in the prose, taken from the tables so the text cannot contradict them.
FIG = {
    "thu": _thu[4], "thu_dt": _thu[5], "thu_ck": vn(dec(_thu[6]) - 100),
    "noidia": _noidia[4], "noidia_dt": _noidia[5],
    "bs": _bs[4], "chi": _chi[4], "chi_dt": _chi[5], "cdt": _cdt[4], "cdt_dt": _cdt[5],
    "ctx": _ctx[4], "ctx_dt": _ctx[5],
    "vdt": ECON[2][4], "vdt_kh": ECON[2][5], "ntm": ECON[7][4], "ntm_kh": ECON[7][5],
    "rung": ECON[5][4], "rung_kh": ECON[5][5],
}

TABLES = {
    "econ": {
        "header": ["STT", "Chỉ tiêu", "Đơn vị", "Kế hoạch", "Thực hiện", "So sánh (%)"],
        "widths": [12, 63, 22, 22, 22, 24],
        "align": "CLCRRR",
        "rows": ECON,
        "bold_rows": [],
    },
    "budget": {
        "header": ["STT", "Nội dung", "Thực hiện năm 2023", "Dự toán năm 2024",
                   "Ước thực hiện năm 2024", "So dự toán (%)", "So cùng kỳ (%)"],
        "widths": [12, 53, 20, 20, 20, 20, 20],
        "align": "CLRRRRR",
        "rows": BUDGET,
        "bold_rows": [i for i, r in enumerate(BUDGET_ROWS) if r[5]],
    },
}


# ------------------------------------------------------------------ content
#
# One block per line starting in column 0; indented lines continue the block (joined by one
# space). "{name}" is filled from FIG. "**...**" is a bold run.
#   PART <first line> | <title line>    "PHẦN THỨ ..." + its title: two centred bold paragraphs
#   H<level> <b|bi|i> <text>             a heading line (bold, bold italic or italic)
#   P <text>                             body paragraph (also dash/plus bullets and traps)
#   CAP <text>                           table caption: centred bold line (body, not a heading)
#   UNIT <text>                          right-aligned italic unit line above a table
#   TABLE <key>                          one of TABLES
#   END <text>                           closing sentence of the report (body)

CONTENT = """
P Năm 2024 là năm có ý nghĩa đặc biệt quan trọng, năm tăng tốc, bứt phá thực hiện Nghị quyết Đại hội đại
    biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025 và Kế hoạch phát triển kinh tế - xã hội 5 năm
    2021 - 2025. Bên cạnh những thuận lợi cơ bản, tỉnh phải đối mặt với nhiều khó khăn, thách thức: giá
    cả một số mặt hàng thiết yếu tăng cao; thiên tai, mưa lũ do ảnh hưởng của cơn bão số 3 (Yagi) gây
    thiệt hại nặng nề về người và tài sản, ước tính tổng thiệt hại trên 1.150 tỷ đồng. Ban Thường vụ
    Tỉnh ủy báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025 như sau:
PART PHẦN THỨ NHẤT | KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024
H2 b I. LÃNH ĐẠO, CHỈ ĐẠO PHÁT TRIỂN KINH TẾ, KHẮC PHỤC HẬU QUẢ THIÊN TAI
P Ngay từ đầu năm, Ban Chấp hành, Ban Thường vụ Tỉnh ủy đã ban hành Nghị quyết về lãnh đạo thực hiện
    nhiệm vụ năm 2024, xác định chủ đề năm là “Kỷ cương, trách nhiệm, đổi mới, tăng tốc, bứt phá”, chỉ
    đạo các cấp, các ngành cụ thể hóa bằng chương trình, kế hoạch hành động với lộ trình, thời hạn hoàn
    thành rõ ràng.
H3 b 1. Tăng trưởng kinh tế và các chỉ tiêu chủ yếu
P Tốc độ tăng trưởng kinh tế (GRDP) năm 2024 ước đạt 7,2%, vượt kế hoạch đề ra (kế hoạch 7,0%), đứng thứ
    5/14 tỉnh vùng trung du và miền núi phía Bắc. Quy mô nền kinh tế theo giá hiện hành ước đạt 21.630
    tỷ đồng; GRDP bình quân đầu người ước đạt 58,6 triệu đồng, tăng 4,1 triệu đồng so với năm 2023.
P Cơ cấu kinh tế tiếp tục chuyển dịch theo hướng tích cực: khu vực nông, lâm nghiệp và thủy sản chiếm
    28,4%; khu vực công nghiệp - xây dựng chiếm 22,7%; khu vực dịch vụ chiếm 45,1%; thuế sản phẩm trừ
    trợ cấp sản phẩm chiếm 3,8%. Trong số 20 chỉ tiêu chủ yếu Nghị quyết của Tỉnh ủy đề ra, có 17 chỉ
    tiêu đạt và vượt kế hoạch, 3 chỉ tiêu ước đạt trên 95% kế hoạch (chi tiết tại Biểu 1).
CAP BIỂU 1: MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2024
TABLE econ
P Tổng vốn đầu tư toàn xã hội ước đạt {vdt} tỷ đồng, bằng {vdt_kh}% kế hoạch, tăng 8,4% so với năm 2023;
    chỉ số sản xuất công nghiệp (IIP) tăng 9,6%; tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng
    ước đạt 12.760 tỷ đồng, tăng 11,3%. Môi trường đầu tư, kinh doanh được cải thiện; chỉ số năng lực
    cạnh tranh cấp tỉnh (PCI) tăng 6 bậc, có thêm 174 doanh nghiệp thành lập mới với tổng vốn đăng ký
    1.436 tỷ đồng.
H3 b 2. Tài chính, ngân sách, tín dụng
P **Về thu ngân sách:** tổng thu ngân sách nhà nước trên địa bàn ước đạt {thu} tỷ đồng, bằng {thu_dt}%
    dự toán Trung ương giao, tăng {thu_ck}% so với năm 2023; trong đó thu nội địa ước đạt {noidia} tỷ
    đồng, bằng {noidia_dt}% dự toán. Có 11/16 khoản thu đạt và vượt dự toán; một số khoản thu còn thấp
    như thu tiền sử dụng đất, thu từ khu vực doanh nghiệp nhà nước do thị trường bất động sản trầm lắng.
P **Về chi ngân sách:** tổng chi ngân sách địa phương ước thực hiện {chi} tỷ đồng, bằng {chi_dt}% dự
    toán; trong đó chi đầu tư phát triển {cdt} tỷ đồng, bằng {cdt_dt}% dự toán, chi thường xuyên {ctx}
    tỷ đồng, bằng {ctx_dt}% dự toán. Điều hành chi ngân sách chặt chẽ, tiết kiệm, bảo đảm kinh phí chi
    trả lương, các chế độ, chính sách an sinh xã hội và kịp thời bố trí nguồn dự phòng để khắc phục hậu
    quả thiên tai.
CAP Biểu 2: THU, CHI NGÂN SÁCH ĐỊA PHƯƠNG NĂM 2024
UNIT Đơn vị tính: tỷ đồng
TABLE budget
P **Về tín dụng:** tổng nguồn vốn huy động của các tổ chức tín dụng trên địa bàn ước đạt 14.380 tỷ đồng,
    tăng 9,8%; tổng dư nợ ước đạt 16.925 tỷ đồng, tăng 10,4% so với đầu năm; nợ xấu được kiểm soát ở mức
    0,78% tổng dư nợ. Ngân hàng Chính sách xã hội tỉnh giải ngân 1.068 tỷ đồng cho 21.450 lượt hộ nghèo
    và các đối tượng chính sách vay vốn; các ngân hàng thương mại đã cơ cấu lại thời hạn trả nợ, miễn,
    giảm lãi cho 2.317 khách hàng bị thiệt hại do bão số 3.
H3 b 3. Sản xuất nông, lâm nghiệp và xây dựng nông thôn mới
P Sản xuất nông, lâm nghiệp tiếp tục phát triển ổn định; giá trị sản xuất toàn ngành (giá so sánh 2010)
    tăng 3,6%, giá trị sản phẩm thu được trên 1 ha đất trồng trọt đạt 92,4 triệu đồng.
H4 bi 3.1. Sản xuất nông nghiệp
H5 i a) Trồng trọt
P Tổng diện tích gieo trồng cây hằng năm đạt 52.684 ha, bằng 100,8% kế hoạch; tổng sản lượng lương thực
    có hạt ước đạt 187,3 nghìn tấn, tăng 1,2% so với năm 2023. Các vùng sản xuất hàng hóa tập trung được
    duy trì và mở rộng: cây cam, quýt 2.850 ha; cây chè 2.120 ha; cây dong riềng 1.045 ha; cây hồi, quế
    trên 9.600 ha. Toàn tỉnh có thêm 31 sản phẩm được công nhận đạt chuẩn OCOP 3 sao trở lên, nâng tổng
    số lên 162 sản phẩm, trong đó miến dong, chè shan tuyết và mật ong bạc hà được nhiều người tiêu dùng
    ưa chuộng.
P Do ảnh hưởng của bão số 3 và hoàn lưu sau bão, khoảng 4.370 ha lúa, ngô và hoa màu bị ngập úng, đổ
    gãy, trong đó 1.216 ha bị thiệt hại trên 70%. Ủy ban nhân dân tỉnh đã kịp thời hỗ trợ 86 tấn giống
    lúa, ngô, rau màu các loại, hướng dẫn Nhân dân gieo trồng lại vụ đông kịp thời vụ, không để đất bỏ
    hoang.
H5 i b) Chăn nuôi, thủy sản
P Tổng đàn trâu 63.500 con, đàn bò 18.200 con, đàn lợn 186.400 con, đàn gia cầm trên 2,1 triệu con. Công
    tác phòng, chống dịch bệnh được triển khai quyết liệt; dịch tả lợn châu Phi phát sinh rải rác tại 14
    hộ ở 5 xã đã được khống chế kịp thời, không để lây lan diện rộng.
P Diện tích nuôi trồng thủy sản đạt 1.480 ha, sản lượng ước đạt 2.950 tấn, tăng 4,2%. Mô hình nuôi cá
    lồng trên hồ thủy điện và nuôi cá đặc sản (cá bỗng, cá chiên, cá lăng) tiếp tục mang lại hiệu quả
    kinh tế cao.
P - Số hộ chăn nuôi quy mô trang trại: 212 hộ, tăng 18 hộ;
P - Tỷ lệ tiêm phòng vắc-xin lở mồm long móng cho đàn trâu, bò đạt 91,3%.
H4 bi 3.2. Lâm nghiệp
P Toàn tỉnh trồng mới được {rung} ha rừng, bằng {rung_kh}% kế hoạch, trong đó rừng sản xuất 4.105 ha,
    rừng phòng hộ 207 ha; tỷ lệ che phủ rừng duy trì ở mức 73,4%. Sản lượng gỗ khai thác ước đạt 264.000
    m³, tăng 5,7%; chế biến gỗ rừng trồng tiếp tục là thế mạnh của tỉnh.
P Công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng được tăng cường; số vụ vi phạm Luật Lâm
    nghiệp giảm 12 vụ so với năm 2023. Việc chi trả dịch vụ môi trường rừng được thực hiện đúng quy định
    với tổng kinh phí 47,3 tỷ đồng, góp phần nâng cao thu nhập cho người làm nghề rừng.
P Trong năm có 2 vụ cháy rừng nhỏ, thiệt hại 3,6 ha, đã được dập tắt kịp thời, không lan rộng.
H4 bi 3.3. Xây dựng nông thôn mới
P Chương trình mục tiêu quốc gia xây dựng nông thôn mới tiếp tục được các cấp ủy, chính quyền quan tâm
    lãnh đạo, chỉ đạo, huy động được sự tham gia tích cực của Nhân dân. Kết quả cụ thể như sau:
P a) Trong năm 2024, toàn tỉnh có thêm 6 xã được công nhận đạt chuẩn nông thôn mới, 2 xã đạt chuẩn nông
    thôn mới nâng cao và 1 xã đạt chuẩn nông thôn mới kiểu mẫu, nâng tổng số xã đạt chuẩn nông thôn mới
    lên {ntm}/108 xã, bằng {ntm_kh}% kế hoạch; bình quân toàn tỉnh đạt 15,6 tiêu chí/xã, tăng 0,9 tiêu
    chí so với năm 2023; không còn xã dưới 10 tiêu chí.
P b) Nhân dân đã hiến trên 126.000 m² đất, đóng góp hơn 285.500 ngày công lao động để làm đường giao
    thông nông thôn, xây dựng nhà văn hóa thôn; huyện Ngọc Lâm đang hoàn thiện hồ sơ đề nghị Trung ương
    thẩm định, xét công nhận huyện đạt chuẩn nông thôn mới.
H3 b 4. Công nghiệp, thương mại, dịch vụ và du lịch
H5 i a) Công nghiệp, tiểu thủ công nghiệp
P Chỉ số sản xuất công nghiệp (IIP) năm 2024 ước tăng 9,6% so với năm 2023; giá trị sản xuất công nghiệp
    (giá so sánh 2010) ước đạt 4.685 tỷ đồng, bằng 101,2% kế hoạch. Một số sản phẩm chủ yếu tăng khá
    như: điện sản xuất, gỗ bóc, ván ép, xi măng, quặng chì kẽm tinh.
P Cụm công nghiệp Thanh Bình được đầu tư hoàn thiện hạ tầng giai đoạn 1, tỷ lệ lấp đầy đạt 68%; Cụm công
    nghiệp Nà Pheo được bổ sung vào quy hoạch, đang lựa chọn nhà đầu tư. Tuy nhiên, quy mô sản xuất công
    nghiệp còn nhỏ, chủ yếu là sơ chế, giá trị gia tăng chưa cao.
H5 i b) Thương mại, dịch vụ, du lịch
P Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt 12.760 tỷ đồng, tăng 11,3%; kim ngạch
    xuất khẩu ước đạt 48,5 triệu USD, tăng 6,9%. Thị trường hàng hóa cơ bản ổn định, không để xảy ra
    tình trạng khan hiếm hàng hóa, tăng giá đột biến sau bão lũ.
P Hoạt động du lịch phục hồi mạnh mẽ; tổng lượt khách đến tỉnh ước đạt 1,35 triệu lượt, trong đó khách
    quốc tế 28.400 lượt; tổng thu từ khách du lịch ước đạt 1.820 tỷ đồng, tăng 15,2%. Tỉnh tổ chức thành
    công Tuần Văn hóa - Du lịch hồ Bạch Vân năm 2024 với nhiều hoạt động hấp dẫn, thu hút đông đảo du
    khách.
H3 b 5. Kết cấu hạ tầng, quy hoạch và phát triển đô thị
P Tập trung chỉ đạo quyết liệt việc giải ngân vốn đầu tư công; đến ngày 31/12/2024, tổng vốn đầu tư công
    giải ngân ước đạt 2.286 tỷ đồng, bằng 95,3% kế hoạch vốn giao, cao hơn bình quân chung cả nước. Các
    công trình trọng điểm được đẩy nhanh tiến độ:
P - Lĩnh vực giao thông: dự án đường kết nối các huyện phía Tây của tỉnh (giai đoạn 1) hoàn thành 82%
    khối lượng; dự án cải tạo, nâng cấp đường tỉnh ĐT.215 đoạn Km12 - Km37 cơ bản hoàn thành, đưa vào sử
    dụng trước Tết Nguyên đán Ất Tỵ;
P + Hoàn thành 4 cầu dân sinh thay thế các ngầm tràn thường xuyên bị chia cắt mùa mưa lũ;
P + Khắc phục 143 điểm sạt lở trên các tuyến quốc lộ, đường tỉnh, bảo đảm giao thông thông suốt;
P - Lĩnh vực thủy lợi, cấp nước: sửa chữa, nâng cấp 23 công trình thủy lợi, hồ chứa; hoàn thành nhà máy
    nước sạch khu vực trung tâm tỉnh lỵ công suất 12.000 m³/ngày đêm.
P Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 được triển khai đồng bộ; hoàn thành điều
    chỉnh quy hoạch chung đô thị tỉnh lỵ và lập quy hoạch 18 khu dân cư mới. Diện mạo đô thị được chỉnh
    trang theo hướng xanh, sạch, đẹp; tỷ lệ đô thị hóa đạt 24,5%.
H3 b 6. Chuyển đổi số, khoa học và công nghệ
P Chuyển đổi số được xác định là nhiệm vụ trọng tâm, xuyên suốt. Năm 2024, chỉ số chuyển đổi số (DTI)
    của tỉnh tăng 9 bậc so với năm 2023; 100% cơ quan đảng, chính quyền, Mặt trận Tổ quốc và các đoàn
    thể cấp tỉnh, cấp huyện sử dụng phần mềm quản lý văn bản và điều hành, ký số văn bản điện tử.
P Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt 46,8%; thực hiện Đề án 06 của
    Chính phủ, đã kích hoạt 412.600 tài khoản định danh điện tử mức độ 2, đạt 104% chỉ tiêu. Hạ tầng kỹ
    thuật số được đầu tư, 98,2% thôn, bản có sóng di động 4G; xóa 27 “vùng lõm” sóng di động.
P Hoạt động khoa học và công nghệ tập trung vào các lĩnh vực thế mạnh; thực hiện 18 nhiệm vụ khoa học và
    công nghệ cấp tỉnh, trong đó có nhiệm vụ ứng dụng kỹ thuật nuôi cấy mô nhân giống cây trồng, góp
    phần nâng cao năng suất, chất lượng sản phẩm.
H3 b 7. Tài nguyên và môi trường
P Công tác quản lý đất đai, khoáng sản, bảo vệ môi trường được tăng cường; hoàn thành cấp 7.865 giấy
    chứng nhận quyền sử dụng đất lần đầu; xử lý nghiêm các trường hợp khai thác cát, sỏi trái phép trên
    sông. Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 92,5%; tỷ lệ dân cư nông thôn
    được sử dụng nước hợp vệ sinh đạt 97,1%.
P Chủ động ứng phó với thiên tai, sạt lở đất: rà soát 297 điểm có nguy cơ sạt lở cao, di dời khẩn cấp
    325 hộ dân đến nơi ở an toàn; bố trí 64,5 tỷ đồng xây dựng 4 khu tái định cư tập trung.
H2 b II. LĨNH VỰC VĂN HÓA - XÃ HỘI
P Các lĩnh vực văn hóa - xã hội tiếp tục có chuyển biến tích cực; đời sống vật chất và tinh thần của
    Nhân dân từng bước được nâng lên.
H3 b 1. Giáo dục và đào tạo
P Mạng lưới trường, lớp được sắp xếp hợp lý; toàn tỉnh có 312 cơ sở giáo dục mầm non và phổ thông, tỷ lệ
    trường đạt chuẩn quốc gia đạt 71,8%, tăng 3,2% so với năm 2023. Kỳ thi tốt nghiệp trung học phổ
    thông năm 2024 có tỷ lệ đỗ đạt 98,9%; 14 học sinh đạt giải trong kỳ thi chọn học sinh giỏi quốc gia,
    là kết quả cao nhất từ trước đến nay.
P Công tác phổ cập giáo dục, xóa mù chữ được duy trì vững chắc; Chương trình giáo dục phổ thông 2018
    được triển khai đúng lộ trình. Tuy vậy, tình trạng thiếu giáo viên cục bộ ở một số môn học (tiếng
    Anh, tin học, âm nhạc, mỹ thuật) chưa được khắc phục triệt để; cơ sở vật chất một số trường vùng
    sâu, vùng xa còn khó khăn.
H3 b 2. Y tế, chăm sóc sức khỏe Nhân dân
P Tỷ lệ dân số tham gia bảo hiểm y tế đạt 96,3%; số bác sĩ/vạn dân đạt 13,6; số giường bệnh/vạn dân đạt
    34,5. Công tác phòng, chống dịch bệnh được chủ động triển khai, không để dịch bệnh lớn xảy ra sau
    bão lũ.
P Bệnh viện Đa khoa tỉnh triển khai thành công nhiều kỹ thuật mới như phẫu thuật nội soi khớp gối, can
    thiệp mạch vành, lọc máu liên tục; tình trạng thiếu thuốc, vật tư y tế tại các cơ sở khám, chữa bệnh
    đã được khắc phục cơ bản. Chất lượng khám, chữa bệnh tuyến cơ sở từng bước được nâng lên, sự hài
    lòng của người bệnh đạt 92,7%.
H3 b 3. Văn hóa, thông tin, thể dục, thể thao
P Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” gắn với xây dựng nông thôn mới được triển
    khai sâu rộng; tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa” đạt 88,2%. Các lễ hội truyền thống
    như Lồng tồng (xuống đồng), hội xuân đền Mẫu được tổ chức trang trọng, tiết kiệm; công tác bảo tồn,
    phát huy giá trị di sản văn hóa các dân tộc được quan tâm, hát then, đàn tính được giữ gìn và lan
    tỏa.
P Phong trào thể dục, thể thao quần chúng phát triển rộng khắp; đoàn vận động viên của tỉnh tham gia 16
    giải thể thao toàn quốc và khu vực, giành 38 huy chương các loại (9 vàng, 12 bạc, 17 đồng).
H3 b 4. Lao động, việc làm, giảm nghèo và an sinh xã hội
P Giải quyết việc làm mới cho 8.450 lao động, bằng 105,6% kế hoạch, trong đó đưa 615 người đi làm việc ở
    nước ngoài theo hợp đồng; tỷ lệ lao động qua đào tạo đạt 63,5%.
P Tỷ lệ hộ nghèo giảm 2,9 điểm phần trăm, còn 15,3% (theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025).
    Phong trào thi đua “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau” được hưởng
    ứng rộng rãi; đã hỗ trợ xóa 1.126 nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo với tổng kinh phí
    trên 56 tỷ đồng.
P Các chế độ, chính sách đối với người có công, đối tượng bảo trợ xã hội được thực hiện đầy đủ, kịp
    thời. Trong và sau bão số 3, đã cứu trợ khẩn cấp 215 tấn gạo, hỗ trợ 1.340 hộ bị sập, trôi, hư hỏng
    nhà ở; không để người dân nào bị đói, rét, không có chỗ ở.
H2 b III. QUỐC PHÒNG, AN NINH ĐƯỢC GIỮ VỮNG; ĐỐI NGOẠI ĐƯỢC MỞ RỘNG
H3 b 1. Quốc phòng, quân sự địa phương
P Lãnh đạo thực hiện tốt nhiệm vụ quốc phòng, quân sự địa phương; duy trì nghiêm chế độ trực sẵn sàng
    chiến đấu. Tổ chức thành công diễn tập khu vực phòng thủ tỉnh năm 2024, được Quân khu đánh giá đạt
    loại giỏi; hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ với 1.050 công dân.
P Lực lượng vũ trang tỉnh đã huy động trên 4.600 lượt cán bộ, chiến sĩ, dân quân tham gia ứng cứu, khắc
    phục hậu quả bão lũ, giúp Nhân dân di dời tài sản, dọn dẹp vệ sinh môi trường, sửa chữa trường học.
H3 b 2. An ninh chính trị, trật tự, an toàn xã hội
P Tình hình an ninh chính trị trên địa bàn tỉnh ổn định; không để bị động, bất ngờ, không để hình thành
    “điểm nóng”. Tai nạn giao thông được kiềm chế, giảm trên cả 3 tiêu chí: giảm 9 vụ, giảm 4 người chết
    và giảm 11 người bị thương so với năm 2023.
P Lực lượng công an đã điều tra, khám phá 318 vụ phạm tội về trật tự xã hội, đạt tỷ lệ 89,4%; phát hiện,
    bắt giữ 146 vụ, 213 đối tượng phạm tội về ma túy. Phong trào toàn dân bảo vệ an ninh Tổ quốc được
    duy trì và nhân rộng với 236 mô hình tự quản về an ninh, trật tự.
H3 b 3. Công tác đối ngoại
P Hoạt động đối ngoại được triển khai chủ động, linh hoạt, phục vụ hiệu quả mục tiêu phát triển kinh tế
    - xã hội. Tỉnh đã tiếp và làm việc với 12 đoàn khách quốc tế; ký kết 3 thỏa thuận hợp tác về nông
    nghiệp, giáo dục và du lịch; tiếp nhận viện trợ phi chính phủ nước ngoài trị giá 1,2 triệu USD để hỗ
    trợ các xã bị ảnh hưởng nặng nề bởi thiên tai.
H2 b IV. CÔNG TÁC XÂY DỰNG ĐẢNG VÀ HỆ THỐNG CHÍNH TRỊ
H3 b 1. Công tác chính trị, tư tưởng
P Ban Thường vụ Tỉnh ủy chỉ đạo quán triệt, triển khai kịp thời các nghị quyết, chỉ thị, kết luận của
    Trung ương và của Tỉnh ủy, nhất là các nghị quyết Hội nghị lần thứ tám, lần thứ chín, lần thứ mười
    Ban Chấp hành Trung ương Đảng khóa XIII; tỷ lệ cán bộ, đảng viên tham gia học tập đạt 98,6%. Việc
    học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh tiếp tục được đẩy mạnh, có nhiều mô
    hình hay, cách làm sáng tạo.
P Công tác tuyên truyền được thực hiện sâu rộng, nhất là tuyên truyền kỷ niệm 70 năm Chiến thắng Điện
    Biên Phủ (07/5/1954 - 07/5/2024). Công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các
    quan điểm sai trái, thù địch được đẩy mạnh; Ban Chỉ đạo 35 các cấp đã chỉ đạo đăng tải, chia sẻ hơn
    12.000 tin, bài, góp phần định hướng dư luận xã hội.
H3 b 2. Công tác tổ chức, cán bộ
H4 bi 2.1. Kiện toàn tổ chức bộ máy và sắp xếp đơn vị hành chính
P Tiếp tục thực hiện Nghị quyết số 18-NQ/TW của Hội nghị Trung ương 6 khóa XII về sắp xếp tổ chức bộ máy
    của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả; trong năm đã giảm 2 phòng chuyên môn
    thuộc sở, 14 đơn vị sự nghiệp công lập và 37 biên chế so với năm 2023.
P Hoàn thành sắp xếp đơn vị hành chính cấp xã giai đoạn 2023 - 2025, giảm 6 xã; các đơn vị hành chính
    mới đi vào hoạt động ổn định, bảo đảm phục vụ tốt người dân và doanh nghiệp.
H4 bi 2.2. Công tác cán bộ và phát triển đảng viên
P Ban Thường vụ Tỉnh ủy thực hiện nghiêm quy trình công tác cán bộ; điều động, luân chuyển, bổ nhiệm,
    giới thiệu ứng cử 46 lượt cán bộ thuộc diện Ban Thường vụ quản lý; rà soát, bổ sung quy hoạch cấp
    ủy, các chức danh lãnh đạo, quản lý nhiệm kỳ 2025 - 2030 bảo đảm đúng nguyên tắc, dân chủ, khách
    quan.
P Toàn Đảng bộ kết nạp 1.486 đảng viên mới, bằng 106,1% kế hoạch, nâng tổng số đảng viên lên 42.318 đồng
    chí. Kết quả đánh giá, xếp loại chất lượng năm 2023:
P - 86,4% tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên;
P - 91,2% đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên; không có tổ chức cơ sở đảng yếu kém
    kéo dài.
H3 b 3. Công tác kiểm tra, giám sát và thi hành kỷ luật đảng
P Cấp ủy, ủy ban kiểm tra các cấp đã kiểm tra 212 tổ chức đảng và 486 đảng viên; giám sát chuyên đề 198
    tổ chức đảng và 402 đảng viên. Ủy ban kiểm tra các cấp kiểm tra 38 tổ chức đảng và 65 đảng viên khi
    có dấu hiệu vi phạm, kết luận 49 đảng viên có vi phạm, trong đó 31 trường hợp đến mức phải thi hành
    kỷ luật.
P Cấp ủy, ủy ban kiểm tra các cấp đã thi hành kỷ luật 97 đảng viên (khiển trách 62, cảnh cáo 24, cách
    chức 3, khai trừ 8). Việc xem xét, thi hành kỷ luật bảo đảm nguyên tắc, thận trọng, chính xác, có
    tác dụng giáo dục, răn đe, phòng ngừa vi phạm.
H3 b 4. Công tác dân vận; hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội
P Công tác dân vận của các cơ quan trong hệ thống chính trị có nhiều đổi mới; phong trào thi đua “Dân
    vận khéo” được triển khai sâu rộng, có 645 mô hình, điển hình “Dân vận khéo” được công nhận. Quy chế
    dân chủ ở cơ sở được thực hiện nghiêm túc, góp phần giải quyết kịp thời những vấn đề bức xúc của
    Nhân dân ngay từ cơ sở.
P Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội đã vận động Quỹ “Vì người
    nghèo” và ủng hộ đồng bào bị thiệt hại do bão số 3 với tổng số tiền trên 38,6 tỷ đồng; tích cực tham
    gia giám sát, phản biện xã hội, góp ý xây dựng Đảng, xây dựng chính quyền.
H3 b 5. Công tác nội chính, phòng, chống tham nhũng, lãng phí, tiêu cực
P Ban Chỉ đạo tỉnh về phòng, chống tham nhũng, tiêu cực theo dõi, chỉ đạo xử lý 9 vụ án, vụ việc; các cơ
    quan thanh tra phát hiện sai phạm về kinh tế 12,8 tỷ đồng, kiến nghị thu hồi 9,6 tỷ đồng, đã thu hồi
    8,2 tỷ đồng. Công tác thẩm định, đánh giá, quản lý tài sản công được chấn chỉnh, không để xảy ra
    thất thoát, lãng phí.
P Công tác tiếp công dân, giải quyết khiếu nại, tố cáo được quan tâm chỉ đạo; tỷ lệ giải quyết đơn thư
    thuộc thẩm quyền đạt 93,5%; không phát sinh khiếu kiện đông người, vượt cấp kéo dài.
H2 b V. ĐÁNH GIÁ CHUNG
H3 b 1. Ưu điểm
P Năm 2024, trong bối cảnh có nhiều khó khăn, thách thức, nhất là thiệt hại nặng nề do bão số 3, Ban
    Chấp hành Đảng bộ tỉnh đã lãnh đạo, chỉ đạo thực hiện hoàn thành toàn diện các nhiệm vụ chính trị;
    kinh tế tiếp tục tăng trưởng khá, 17/20 chỉ tiêu chủ yếu đạt và vượt kế hoạch; văn hóa - xã hội có
    nhiều tiến bộ; quốc phòng, an ninh được giữ vững; công tác xây dựng Đảng và hệ thống chính trị đạt
    nhiều kết quả quan trọng, khẳng định tính đúng đắn của các chủ trương, quyết sách của Tỉnh ủy.
P Tinh thần đoàn kết, thống nhất trong Đảng bộ, sự đồng thuận của Nhân dân tiếp tục được củng cố; niềm
    tin của cán bộ, đảng viên và Nhân dân vào sự lãnh đạo của Đảng được nâng lên.
H3 b 2. Hạn chế, yếu kém
P Bên cạnh những kết quả đạt được, vẫn còn một số hạn chế, yếu kém, đó là:
P - Quy mô kinh tế còn nhỏ, sức cạnh tranh thấp; thu hút đầu tư, nhất là các dự án lớn, có tác động lan
    tỏa còn hạn chế; 3 chỉ tiêu chưa đạt kế hoạch đề ra;
P - Giải ngân vốn đầu tư công chưa đạt 100% kế hoạch; công tác bồi thường, giải phóng mặt bằng ở một số
    dự án còn chậm, vướng mắc kéo dài;
P - Chất lượng nguồn nhân lực còn thấp; tỷ lệ hộ nghèo còn cao so với bình quân chung cả nước; công tác
    quản lý nhà nước về đất đai, khoáng sản ở một số nơi còn buông lỏng.
H3 b 3. Nguyên nhân
H5 i a) Nguyên nhân khách quan
P Tình hình thế giới, khu vực diễn biến phức tạp, khó lường; tỉnh có điểm xuất phát thấp, địa hình chia
    cắt, hạ tầng còn nhiều khó khăn; thiên tai, đặc biệt là cơn bão số 3, gây thiệt hại lớn, ảnh hưởng
    trực tiếp đến sản xuất và đời sống của Nhân dân.
H5 i b) Nguyên nhân chủ quan
P Năng lực lãnh đạo, sức chiến đấu của một số cấp ủy, tổ chức đảng chưa ngang tầm nhiệm vụ; một bộ phận
    cán bộ, công chức còn né tránh, đùn đẩy, sợ trách nhiệm; công tác phối hợp giữa các sở, ngành và địa
    phương có lúc chưa chặt chẽ.
P Việc kiểm tra, đôn đốc thực hiện nhiệm vụ ở một số nơi chưa thường xuyên; chưa kịp thời tháo gỡ những
    khó khăn, vướng mắc phát sinh ở cơ sở.
H3 b 4. Bài học kinh nghiệm
P Một là, phải giữ vững đoàn kết, thống nhất trong Đảng bộ; phát huy vai trò nêu gương của người đứng
    đầu, nói đi đôi với làm.
P Hai là, lãnh đạo, chỉ đạo phải quyết liệt, cụ thể, sát thực tiễn; thường xuyên kiểm tra, đôn đốc, kịp
    thời tháo gỡ khó khăn, vướng mắc cho cơ sở.
P Ba là, lấy Nhân dân làm trung tâm, làm chủ thể; chăm lo lợi ích chính đáng của Nhân dân, huy động sức
    mạnh tổng hợp của cả hệ thống chính trị.
PART PHẦN THỨ HAI | PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025
H2 b I. DỰ BÁO TÌNH HÌNH, THỜI CƠ VÀ THÁCH THỨC
P Năm 2025 là năm cuối thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, năm tiến hành
    đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng; năm thực hiện cuộc
    cách mạng về sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả.
P Bên cạnh những thuận lợi, tỉnh tiếp tục đối mặt với nhiều khó khăn: nguồn lực đầu tư hạn hẹp, hậu quả
    của thiên tai chưa được khắc phục hết, biến đổi khí hậu ngày càng khó lường. Đòi hỏi các cấp ủy,
    chính quyền phải đoàn kết, nỗ lực, quyết tâm cao hơn nữa.
H2 b II. MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU
H3 b 1. Mục tiêu tổng quát
P Tiếp tục nâng cao năng lực lãnh đạo, sức chiến đấu của Đảng bộ; xây dựng hệ thống chính trị tinh gọn,
    hoạt động hiệu lực, hiệu quả. Huy động, sử dụng hiệu quả mọi nguồn lực cho phát triển; khôi phục
    nhanh sản xuất sau thiên tai; phấn đấu hoàn thành ở mức cao nhất các mục tiêu, chỉ tiêu của Nghị
    quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII.
H3 b 2. Các chỉ tiêu chủ yếu
P Phấn đấu đạt và vượt các chỉ tiêu chủ yếu sau:
P - Tốc độ tăng trưởng kinh tế (GRDP) đạt 8,0% trở lên; GRDP bình quân đầu người đạt 63 triệu đồng;
P - Thu ngân sách nhà nước trên địa bàn đạt 1.320 tỷ đồng trở lên, phấn đấu vượt mốc tròn chẵn 1.400 tỷ
    đồng;
P - Trồng mới 4.000 ha rừng, duy trì tỷ lệ che phủ rừng ở mức 73,4%;
P - Có thêm 5 xã đạt chuẩn nông thôn mới; tỷ lệ hộ nghèo giảm 2,5 điểm phần trăm trở lên;
P - Kết nạp 1.300 đảng viên mới trở lên; trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên.
H2 b III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU
H3 b 1. Về phát triển kinh tế
P Tập trung tháo gỡ khó khăn, vướng mắc cho sản xuất, kinh doanh; cải thiện mạnh mẽ môi trường đầu tư,
    kinh doanh. Đẩy mạnh giải ngân vốn đầu tư công ngay từ đầu năm, phấn đấu tỷ lệ giải ngân đạt 100% kế
    hoạch vốn; kiên quyết điều chuyển vốn của các dự án chậm giải ngân.
P Phát triển nông nghiệp hàng hóa gắn với chương trình OCOP; ưu tiên nguồn lực khôi phục sản xuất sau
    bão lũ, cụ thể:
P + Hỗ trợ giống, vật tư cho các hộ bị thiệt hại; khôi phục các vùng trồng cam, quýt, chè tập trung;
P + Sửa chữa, nâng cấp công trình thủy lợi, đường giao thông nội đồng bị hư hỏng trước mùa mưa lũ năm
    2025.
P Phát triển du lịch trở thành ngành kinh tế quan trọng; đẩy mạnh chuyển đổi số, phát triển kinh tế số,
    xã hội số, phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình.
H3 b 2. Về văn hóa - xã hội
P Nâng cao chất lượng giáo dục toàn diện, tập trung khắc phục tình trạng thiếu giáo viên; nâng cao chất
    lượng khám, chữa bệnh, nhất là ở tuyến cơ sở. Thực hiện tốt các chính sách an sinh xã hội, hoàn
    thành xóa nhà tạm, nhà dột nát trước ngày 31/10/2025; giữ gìn, phát huy bản sắc văn hóa các dân tộc.
H3 b 3. Về quốc phòng, an ninh và đối ngoại
P Tăng cường tiềm lực quốc phòng, an ninh; xây dựng khu vực phòng thủ tỉnh vững chắc. Chủ động nắm chắc
    tình hình, bảo đảm tuyệt đối an ninh, an toàn các sự kiện chính trị, đặc biệt là đại hội đảng bộ các
    cấp; đẩy mạnh tấn công, trấn áp các loại tội phạm, nhất là tội phạm ma túy, tội phạm sử dụng công
    nghệ cao.
H3 b 4. Về xây dựng Đảng và hệ thống chính trị
P Ban Chấp hành Đảng bộ tỉnh xác định các nhiệm vụ trọng tâm về công tác xây dựng Đảng và hệ thống chính
    trị năm 2025 như sau:
P 1. Tập trung lãnh đạo, chỉ đạo tổ chức thành công đại hội đảng bộ cơ sở, đại hội đảng bộ cấp trên cơ
    sở và Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2025 - 2030 theo đúng tinh thần Chỉ thị
    số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị, bảo đảm dân chủ, đoàn kết, đúng quy định.
P 2. Khẩn trương triển khai sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị theo chỉ đạo của
    Trung ương, gắn với cơ cấu lại và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức; thực
    hiện tốt chính sách đối với những người chịu tác động.
P 3. Nâng cao chất lượng công tác kiểm tra, giám sát; kiên quyết, kiên trì đấu tranh phòng, chống tham
    nhũng, lãng phí, tiêu cực; thực hiện nghiêm các quy định về trách nhiệm nêu gương của cán bộ, đảng
    viên, trước hết là người đứng đầu.
H2 b IV. KIẾN NGHỊ, ĐỀ XUẤT
P Đề nghị Trung ương quan tâm bố trí nguồn vốn hỗ trợ tỉnh khắc phục hậu quả thiên tai, xây dựng các khu
    tái định cư cho người dân vùng có nguy cơ sạt lở; ưu tiên đầu tư tuyến đường cao tốc kết nối tỉnh
    với Thủ đô Hà Nội và các tỉnh trong vùng.
P Đề nghị các bộ, ngành Trung ương sớm ban hành hướng dẫn về chế độ, chính sách đối với cán bộ, công
    chức, viên chức dôi dư sau sắp xếp tổ chức bộ máy để địa phương có cơ sở triển khai thực hiện.
END Trên đây là Báo cáo kết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm 2025 của Ban
    Thường vụ Tỉnh ủy An Phú./.
"""

RECIPIENTS = [
    "- Ban Chấp hành Trung ương Đảng (b/c),",
    "- Văn phòng Trung ương Đảng (b/c),",
    "- Các ban đảng Trung ương (b/c),",
    "- Các đồng chí Tỉnh ủy viên,",
    "- Các ban đảng, Văn phòng Tỉnh ủy,",
    "- Ban cán sự đảng Ủy ban nhân dân tỉnh,",
    "- Các huyện ủy, thành ủy, đảng ủy trực thuộc,",
    "- Lưu Văn phòng Tỉnh ủy.",
]
SIGNER = "Hoàng Quốc Thưởng"


# ------------------------------------------------------------------ parsing

@dataclass
class Block:
    kind: str                      # PART, H, P, CAP, UNIT, TABLE, END
    text: str = ""
    level: int = 0
    style: str = ""               # b, bi, i for headings
    lines: tuple[str, ...] = field(default_factory=tuple)


def parse_content(src: str = CONTENT) -> list[Block]:
    raw: list[str] = []
    for line in src.splitlines():
        if not line.strip():
            continue
        if line[0].isspace():
            raw[-1] += " " + line.strip()
        else:
            raw.append(line.rstrip())
    blocks = []
    for item in raw:
        tag, _, rest = item.partition(" ")
        rest = rest.format_map(FIG)
        if tag == "PART":
            first, title = (s.strip() for s in rest.split("|"))
            blocks.append(Block("PART", f"{first} {title}", 1, "b", (first, title)))
        elif re.fullmatch(r"H\d", tag):
            style, _, text = rest.partition(" ")
            blocks.append(Block("H", text, int(tag[1]), style))
        elif tag in ("P", "CAP", "UNIT", "TABLE", "END"):
            blocks.append(Block(tag, rest))
        else:
            raise ValueError(f"unknown block tag {tag!r} in {item[:60]!r}")
    return blocks


# ------------------------------------------------------------------ docx helpers

def set_fonts(rpr_parent, size_pt: int | None = None) -> None:
    """Explicit Times New Roman for every script slot, no theme fonts, Vietnamese language."""
    if hasattr(rpr_parent, "get_or_add_rPr"):
        rpr = rpr_parent.get_or_add_rPr()
    else:
        rpr = rpr_parent.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(size_pt * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def setup_document(doc) -> None:
    # docDefaults: replace the template's theme fonts (Calibri) by Times New Roman.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    set_fonts(rpr_default, BODY_PT)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, BODY_PT)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.space_before = Pt(6)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.1
    pf.widow_control = True

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # Page number centred in the header from page 2 on, as in real Party documents.
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp.paragraph_format.first_line_indent = Mm(0)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = hp.add_run()
        run.font.size = Pt(13)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text

    cp = doc.core_properties
    for key, value in CORE.items():
        setattr(cp, key, value)


_MARK = re.compile(r"(\*\*.+?\*\*)")


def add_runs(par, text: str, bold=False, italic=False, underline=False, size=None) -> None:
    for piece in _MARK.split(text):
        if not piece:
            continue
        run_bold = bold
        if piece.startswith("**") and piece.endswith("**"):
            piece, run_bold = piece[2:-2], True
        run = par.add_run(piece)
        run.bold = run_bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)


def para(container, text="", *, align=None, bold=False, italic=False, underline=False, size=None,
         indent=True, before=None, after=None, keep=False, line=None):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    fmt.first_line_indent = FIRST_LINE if indent else Mm(0)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep:
        fmt.keep_with_next = True
    add_runs(p, text, bold, italic, underline, size)
    return p


def cell_para(cell, text="", first=False, **kw):
    """A paragraph in a table cell (the cell's own empty first paragraph is reused)."""
    kw.setdefault("indent", False)
    kw.setdefault("before", 0)
    kw.setdefault("line", 1.0)
    if first:
        p = cell.paragraphs[0]
        fmt = p.paragraph_format
        if kw.get("align") is not None:
            p.alignment = kw["align"]
        fmt.first_line_indent = Mm(0)
        fmt.space_before = Pt(kw["before"])
        if kw.get("after") is not None:
            fmt.space_after = Pt(kw["after"])
        fmt.line_spacing = kw["line"]
        add_runs(p, text, kw.get("bold", False), kw.get("italic", False), kw.get("underline", False),
                 kw.get("size"))
        return p
    return para(cell, text, **kw)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    # Schema order: tblBorders comes before shd, tblLayout, tblCellMar and tblLook.
    after = {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook")}
    later = [c for c in tbl_pr if c.tag in after]
    if later:
        later[0].addprevious(borders)
    else:
        tbl_pr.append(borders)


def set_widths(table, widths_mm) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))


def layout_table(doc, widths_mm):
    table = doc.add_table(rows=1, cols=len(widths_mm))
    no_borders(table)
    set_widths(table, widths_mm)
    return table


# ------------------------------------------------------------------ building

C, R, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
ALIGN = {"C": C, "L": WD_ALIGN_PARAGRAPH.LEFT, "R": R}


def header_block(doc) -> None:
    left, right = layout_table(doc, [70, 95]).rows[0].cells
    cell_para(left, "ĐẢNG BỘ TỈNH AN PHÚ", first=True, align=C)
    cell_para(left, "TỈNH ỦY", align=C, bold=True)
    cell_para(left, "*", align=C)
    cell_para(left, "Số       -BC/TU", align=C)
    cell_para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", first=True, align=C, bold=True, underline=True, size=15)
    cell_para(right, "An Phú, ngày     tháng 12 năm 2024", align=C, italic=True, before=18)


def data_table(doc, key: str) -> None:
    spec = TABLES[key]
    rows = spec["rows"]
    table = doc.add_table(rows=1 + len(rows), cols=len(spec["header"]))
    table.style = doc.styles["Table Grid"]
    set_widths(table, spec["widths"])
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, spec["header"], strict=True):
        cell_para(cell, text, first=True, align=C, bold=True, size=TABLE_PT, before=3, after=3)
    for i, values in enumerate(rows):
        bold = i in spec["bold_rows"]
        for cell, text, a in zip(table.rows[i + 1].cells, values, spec["align"], strict=True):
            cell_para(cell, text, first=True, align=ALIGN[a], bold=bold, size=TABLE_PT, before=2, after=2)


def closing_block(doc) -> None:
    para(doc, "", indent=False)
    left, right = layout_table(doc, [85, 80]).rows[0].cells
    cell_para(left, "Nơi nhận:", first=True, bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in RECIPIENTS:
        cell_para(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(right, "T/M BAN THƯỜNG VỤ", first=True, align=C, bold=True)
    cell_para(right, "BÍ THƯ", align=C, bold=True)
    for _ in range(4):
        cell_para(right, "", align=C)
    cell_para(right, SIGNER, align=C, bold=True)
    para(doc, "", indent=False)  # Word always ends the body with a paragraph


def build(blocks: list[Block] | None = None):
    """Build the document; return (Document, gold dict)."""
    blocks = parse_content() if blocks is None else blocks
    doc = Document()
    setup_document(doc)
    headings: list[dict] = []
    n_tables = 0

    header_block(doc)
    para(doc, "DỰ THẢO LẦN 2", align=R, bold=True, indent=False, before=6)
    para(doc, "BÁO CÁO", align=C, bold=True, indent=False, before=12, size=15)
    for line in SUBTITLE_LINES:
        para(doc, line, align=C, bold=True, indent=False, before=0)
    para(doc, "-----", align=C, indent=False, before=0, after=6)

    for b in blocks:
        index = len(doc.paragraphs)
        if b.kind == "PART":
            first, title = b.lines
            para(doc, first, align=C, bold=True, indent=False, before=12, keep=True)
            para(doc, title, align=C, bold=True, indent=False, before=0, after=6, keep=True)
            headings.append(heading_entry(index, b.text, 1))
        elif b.kind == "H":
            para(doc, b.text, bold="b" in b.style, italic="i" in b.style, keep=True)
            headings.append(heading_entry(index, b.text, b.level))
        elif b.kind == "P":
            para(doc, b.text)
        elif b.kind == "END":
            para(doc, b.text, before=12)
        elif b.kind == "CAP":
            para(doc, b.text, align=C, bold=True, indent=False, before=12, keep=True)
        elif b.kind == "UNIT":
            para(doc, b.text, align=R, italic=True, indent=False, before=0, size=13, keep=True)
        elif b.kind == "TABLE":
            data_table(doc, b.text)
            n_tables += 1

    closing_block(doc)
    gold = {
        "file": DOCX_NAME,
        "title": TITLE,
        "tables": n_tables,
        "tables_note": (f"{n_tables} data tables inside sections; Document.tables also holds the "
                        "2 borderless layout tables of the header and closing blocks "
                        f"({n_tables + 2} in all)"),
        "index_basis": ("0-based index into python-docx Document.paragraphs (body-level paragraphs "
                        "only; paragraphs inside tables are not counted)"),
        "headings": headings,
        "ambiguous": [],
    }
    return doc, gold


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def heading_entry(index: int, text: str, level: int) -> dict:
    return {"para_index": index, "prefix": clean(text)[:60].rstrip(), "level": level}


# Body paragraphs that look like headings but are not (checked against the output in verify()).
TRAPS = [
    ("DỰ THẢO LẦN 2", "bold caps marker line of the header block"),
    ("BÁO CÁO", "document title, bold centred caps"),
    ("BIỂU 1: MỘT SỐ CHỈ TIÊU", "table caption: bold centred all-caps line"),
    ("Về thu ngân sách:", "bold run-in label opening a body paragraph"),
    ("Biểu 2: THU, CHI NGÂN SÁCH", "table caption: bold centred line, mostly caps"),
    ("a) Trong năm 2024,", "long not-bold lettered sentence inside 3.3."),
    ("b) Nhân dân đã hiến", "its not-bold lettered sibling"),
    ("1. Tập trung lãnh đạo, chỉ đạo", "numbered task: long not-bold sentence ending with a period"),
    ("2. Khẩn trương triển khai", "numbered task, body"),
    ("3. Nâng cao chất lượng công tác", "numbered task, body"),
]


# ------------------------------------------------------------------ output

def save_deterministic(doc, path: Path) -> None:
    """Save with fixed zip member timestamps so identical content gives identical bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


VI_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def verify(path: Path, gold: dict) -> list[str]:
    """Read the saved file back; return a list of problems (empty when all is well)."""
    doc = Document(str(path))
    paras = doc.paragraphs
    problems = []
    heading_idx = {h["para_index"] for h in gold["headings"]}
    for h in gold["headings"]:
        text = clean(paras[h["para_index"]].text)
        if h["level"] == 1:
            text = clean(text + " " + paras[h["para_index"] + 1].text)
        if text[:60].rstrip() != h["prefix"]:
            problems.append(f"heading {h['para_index']}: {text[:60]!r} != {h['prefix']!r}")
    for start, _why in TRAPS:
        hits = [i for i, p in enumerate(paras) if p.text.startswith(start)]
        if len(hits) != 1 or hits[0] in heading_idx:
            problems.append(f"trap {start!r}: paragraphs {hits}")
    if any(p.style.name != "Normal" for p in paras):
        problems.append("a body paragraph is not in the Normal style")
    # Every leaf heading has body text before the next heading.
    ordered = sorted(gold["headings"], key=lambda h: h["para_index"])
    for h, nxt in zip(ordered, ordered[1:] + [None], strict=True):
        span = 2 if h["level"] == 1 else 1
        end = nxt["para_index"] if nxt else len(paras)
        is_parent = nxt is not None and nxt["level"] > h["level"]
        if not is_parent and not any(p.text.strip() for p in paras[h["para_index"] + span:end]):
            problems.append(f"empty leaf section {h['prefix']!r}")
    all_text = "\n".join([p.text for p in paras] + [c.text for t in doc.tables for r in t.rows
                                                      for c in r.cells])
    missing = [ch for ch in VI_LETTERS + "ĐĂÂÊÔƠƯ" if ch not in all_text]
    if missing:
        problems.append("Vietnamese letters never used: " + "".join(missing))
    if "Ủy ban" not in all_text or "Uỷ ban" not in all_text:
        problems.append("need both 'Ủy ban' and 'Uỷ ban'")
    if len(doc.tables) != gold["tables"] + 2:
        problems.append(f"{len(doc.tables)} tables in the document")
    if doc.core_properties.title != CORE["title"]:
        problems.append("core title differs")
    return problems


def dump(path: Path) -> None:
    doc = Document(str(path))
    for i, p in enumerate(doc.paragraphs):
        runs = [r for r in p.runs if r.text.strip()]
        bold = "B" if runs and all(r.bold for r in runs) else ("b" if any(r.bold for r in runs) else "-")
        ital = "I" if runs and all(r.italic for r in runs) else ("i" if any(r.italic for r in runs) else "-")
        print(f"{i:3d} {p.style.name:7s} {bold}{ital} {p.text[:70]}")
    print(f"tables: {len(doc.tables)}")


def main(argv: list[str]) -> int:
    doc, gold = build()
    save_deterministic(doc, DOCX_PATH)
    GOLD_PATH.parent.mkdir(parents=True, exist_ok=True)
    GOLD_PATH.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    problems = verify(DOCX_PATH, gold)
    if "--dump" in argv:
        dump(DOCX_PATH)
    print(f"wrote {DOCX_PATH.relative_to(ROOT)} ({len(gold['headings'])} headings, "
          f"{gold['tables']} data tables) and {GOLD_PATH.relative_to(ROOT)}")
    for line in problems:
        print("PROBLEM:", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
