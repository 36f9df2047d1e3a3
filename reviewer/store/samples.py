"""A handful of comments from three groups on the bundled sample draft, so a newcomer sees the app at work.

They are fictional and this laptop's own: each is marked *seeded*, so no package or exchange-folder
file ever carries it (a comment a user adds to the sample draft is not seeded and travels).
Migration ``db/0006_seeded.sql`` recognises comments seeded before the mark existed by these texts.
"""
from __future__ import annotations

from reviewer.store.store import Store

# (section heading prefix, group, author, kind, text, quote, proposal, supporters)
SAMPLE_COMMENTS = [
    ("1. Tăng trưởng kinh tế", "Tổ 1", "Nguyễn Văn Hùng", "sua_doi",
     "Đề nghị làm rõ nguyên nhân tốc độ tăng trưởng khu vực công nghiệp thấp hơn kế hoạch, "
     "nêu cụ thể các dự án chậm tiến độ.", "", "", 5),
    ("1. Tăng trưởng kinh tế", "Tổ 2", "Trần Thị Mai", "bo_sung",
     "Bổ sung đánh giá tác động của cơn bão số 3 (Yagi) đến sản xuất nông nghiệp và thu nhập của người dân.",
     "", "Thêm một đoạn về thiệt hại do bão số 3 và kết quả khắc phục.", 3),
    ("2. Tài chính, ngân sách, tín dụng", "Tổ 3", "Lê Quang Định", "cau_hoi",
     "Số thu nội địa vượt dự toán chủ yếu từ tiền sử dụng đất; đề nghị tách riêng để thấy rõ tính bền vững "
     "của nguồn thu.", "", "", 0),
    ("2. Hạn chế, yếu kém", "Tổ 1", "", "gop_y",
     "Phần hạn chế còn chung chung, chưa chỉ rõ trách nhiệm của tập thể, cá nhân người đứng đầu.", "", "", 9),
    ("III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", "Tổ 2", "Phạm Đức Thắng", "sua_doi",
     "Đề nghị sắp xếp các nhiệm vụ theo thứ tự ưu tiên và gắn với chỉ tiêu, thời hạn hoàn thành.", "",
     "Sửa thành: “Tập trung thực hiện 3 khâu đột phá, trong đó ưu tiên hạ tầng giao thông kết nối.”", 4),
    ("IV. KIẾN NGHỊ, ĐỀ XUẤT", "Tổ 3", "", "nhat_tri", "Tổ 3 nhất trí với nội dung dự thảo.", "", "", 11),
]


def seed_sample_comments(store: Store, draft_id: str) -> int:
    """Add the sample comments (marked seeded) to a draft that has none; returns how many were added."""
    if store.comments(draft_id):
        return 0
    sections = store.sections(draft_id)
    rows = []
    for prefix, group, author, kind, text, quote, proposal, supporters in SAMPLE_COMMENTS:
        section = next((s for s in sections if f"{s['number']} {s['title']}".strip().startswith(prefix)), None)
        if section is None:
            continue
        rows.append({"draft_id": draft_id, "section_id": section["id"], "group": group, "author": author,
                     "kind": kind, "text": text, "quote": quote, "proposal": proposal, "supporters": supporters,
                     "seeded": True})
    store.add_comments(rows)
    return len(rows)
