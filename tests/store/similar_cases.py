"""A hand-labelled set of comments, phrased as breakout groups write them: the same point in other words
from other groups, typed without accents, the same opening with different proposals, plain agreement.

Each row: (section, group, kind, text, proposal, label). Comments with the same label on the same section
make the same point (they should cluster); label None: a point of its own (or plain agreement).
"""
from __future__ import annotations

CASES = [
    # ---- s1: economic growth
    ("s1", "Tổ 1", "gop_y", "Đề nghị đánh giá rõ hơn nguyên nhân tăng trưởng kinh tế chưa đạt chỉ tiêu đề ra.", "",
     "growth-causes"),
    ("s1", "Tổ 3", "gop_y", "Cần phân tích rõ nguyên nhân tăng trưởng kinh tế không đạt chỉ tiêu.", "",
     "growth-causes"),
    ("s1", "Tổ 5", "gop_y", "de nghi danh gia ro nguyen nhan tang truong kinh te chua dat chi tieu", "",
     "growth-causes"),
    ("s1", "Tổ 2", "sua_doi", "Đề nghị sửa chỉ tiêu tăng trưởng.", "Tốc độ tăng trưởng kinh tế đạt 7,5%",
     "growth-75"),
    ("s1", "Tổ 4", "sua_doi", "Đề nghị sửa lại chỉ tiêu tăng trưởng.", "Tốc độ tăng trưởng kinh tế đạt 7,5%",
     "growth-75"),
    ("s1", "Tổ 6", "sua_doi", "Đề nghị sửa chỉ tiêu tăng trưởng.", "Tốc độ tăng trưởng kinh tế đạt 8%", None),
    ("s1", "Tổ 1", "nhat_tri", "Nhất trí với dự thảo.", "", None),
    ("s1", "Tổ 2", "nhat_tri", "Nhất trí với dự thảo", "", None),
    ("s1", "Tổ 6", "gop_y", "Nhất trí với dự thảo, đề nghị bổ sung số liệu thu hút đầu tư trực tiếp nước ngoài.", "",
     "fdi"),
    ("s1", "Tổ 3", "gop_y", "Bổ sung số liệu về thu hút vốn đầu tư trực tiếp nước ngoài (FDI).", "", "fdi"),
    ("s1", "Tổ 5", "gop_y", "Nhất trí với dự thảo.", "", None),
    ("s1", "Tổ 2", "gop_y", "Cần làm rõ vì sao tốc độ tăng trưởng thấp hơn kế hoạch năm.", "", "growth-causes"),
    ("s1", "Tổ 4", "cau_hoi", "Số liệu thu ngân sách năm 2024 đã được cập nhật đến thời điểm nào?", "", None),

    # ---- s2: agriculture
    ("s2", "Tổ 1", "bo_sung", "Đề nghị bổ sung nội dung về xây dựng nông thôn mới nâng cao.", "", "ntm"),
    ("s2", "Tổ 2", "bo_sung", "Bổ sung thêm nội dung xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu.", "",
     "ntm"),
    ("s2", "Tổ 4", "bo_sung", "bo sung noi dung ve xay dung nong thon moi nang cao", "", "ntm"),
    ("s2", "Tổ 5", "de_nghi_bo", "Đề nghị bỏ nội dung về xây dựng nông thôn mới nâng cao.", "", None),
    ("s2", "Tổ 3", "gop_y", "Đánh giá thêm thiệt hại do cơn bão số 3 gây ra đối với sản xuất nông nghiệp.", "",
     "storm"),
    ("s2", "Tổ 6", "gop_y", "Cần đánh giá thiệt hại của bão số 3 đối với sản xuất nông nghiệp của tỉnh.", "",
     "storm"),
    ("s2", "Tổ 2", "gop_y", "Sản xuất nông nghiệp cần gắn với chuỗi giá trị và thị trường tiêu thụ.", "", None),
    ("s2", "Tổ 5", "nhat_tri", "Tổ nhất trí cao với dự thảo.", "", None),
    ("s2", "Tổ 4", "gop_y", "Đề nghị làm rõ kết quả thực hiện chương trình OCOP, số sản phẩm đạt 4 sao.", "", "ocop"),
    ("s2", "Tổ 1", "gop_y", "Làm rõ kết quả chương trình OCOP (số sản phẩm đạt 4 sao).", "", "ocop"),

    # ---- s3: administrative reform and digital transformation
    ("s3", "Tổ 1", "gop_y", "Đề nghị đánh giá sâu hơn về kết quả chuyển đổi số trong các cơ quan nhà nước.", "",
     "digital"),
    ("s3", "Tổ 2", "gop_y", "Kết quả chuyển đổi số trong các cơ quan nhà nước cần được đánh giá sâu hơn.", "",
     "digital"),
    ("s3", "Tổ 6", "gop_y", "danh gia sau hon ket qua chuyen doi so trong co quan nha nuoc", "", "digital"),
    ("s3", "Tổ 3", "sua_doi", "Đề nghị sửa cụm từ trong đoạn thứ hai.",
     "“cải cách hành chính là khâu đột phá”", None),
    ("s3", "Tổ 4", "sua_doi", "Đề nghị sửa cụm từ trong đoạn thứ hai.",
     "“đẩy mạnh cải cách thủ tục hành chính”", None),
    ("s3", "Tổ 5", "sua_doi", "Đề nghị sửa cụm từ “cải cách hành chính” thành “cải cách thủ tục hành chính”.", "",
     "ccth"),
    ("s3", "Tổ 2", "sua_doi", "Sửa “cải cách hành chính” thành “cải cách thủ tục hành chính”.", "", "ccth"),
    ("s3", "Tổ 3", "gop_y", "Chỉ số PAPI, PCI của tỉnh còn thấp, cần nêu rõ giải pháp cải thiện.", "", "pci"),
    ("s3", "Tổ 5", "gop_y", "Cần nêu giải pháp cụ thể để cải thiện chỉ số PCI và PAPI của tỉnh còn thấp.", "", "pci"),
    ("s3", "Tổ 1", "nhat_tri", "Nhất trí", "", None),
    ("s3", "Tổ 4", "gop_y", "Nhất trí với dự thảo.", "", None),

    # ---- s4: Party building
    ("s4", "Tổ 2", "gop_y", "Đề nghị bổ sung đánh giá công tác kiểm tra, giám sát và thi hành kỷ luật đảng.", "",
     "inspection"),
    ("s4", "Tổ 5", "gop_y", "Bổ sung đánh giá về công tác kiểm tra, giám sát, thi hành kỷ luật trong Đảng.", "",
     "inspection"),
    ("s4", "Tổ 6", "gop_y", "bo sung danh gia cong tac kiem tra giam sat va ky luat dang", "", "inspection"),
    ("s4", "Tổ 1", "gop_y", "Đề nghị bổ sung đánh giá công tác phát triển đảng viên mới.", "", "members"),
    ("s4", "Tổ 3", "gop_y", "Bổ sung đánh giá về công tác phát triển đảng viên, nhất là ở vùng đồng bào dân tộc.", "",
     "members"),
    ("s4", "Tổ 4", "gop_y", "Công tác kiểm tra giám sát cần được đánh giá đầy đủ hơn, kể cả việc xử lý kỷ luật.", "",
     "inspection"),
    ("s4", "Tổ 4", "gop_y", "Đề nghị bổ sung đánh giá việc sắp xếp tổ chức bộ máy tinh gọn.", "", None),
    ("s4", "Tổ 6", "nhat_tri", "Nhất trí với dự thảo báo cáo.", "", None),
    ("s4", "Tổ 3", "nhat_tri", "nhat tri voi du thao bao cao", "", None),

    # ---- s5: the tasks for 2025
    ("s5", "Tổ 1", "sua_doi", "Chỉ tiêu thu ngân sách năm 2025 đề nghị nâng lên.", "Thu ngân sách đạt 1.000 tỷ đồng",
     "budget-1000"),
    ("s5", "Tổ 3", "sua_doi", "Đề nghị nâng chỉ tiêu thu ngân sách năm 2025.", "Thu ngân sách đạt 1.000 tỷ đồng",
     "budget-1000"),
    ("s5", "Tổ 5", "sua_doi", "Đề nghị nâng chỉ tiêu thu ngân sách năm 2025.", "Thu ngân sách đạt 1.100 tỷ đồng", None),
    ("s5", "Tổ 2", "gop_y", "Cần có giải pháp đột phá về thu hút đầu tư, nhất là hạ tầng giao thông kết nối.", "",
     "invest"),
    ("s5", "Tổ 4", "gop_y",
     "Đề nghị bổ sung giải pháp đột phá thu hút đầu tư, trước hết là hạ tầng giao thông kết nối.", "", "invest"),
    ("s5", "Tổ 6", "gop_y", "Giải pháp phát triển du lịch cần gắn với bảo tồn văn hóa các dân tộc.", "", "tourism"),
    ("s5", "Tổ 2", "gop_y", "Phát triển du lịch gắn với bảo tồn, phát huy bản sắc văn hóa các dân tộc.", "", "tourism"),
    ("s5", "Tổ 5", "gop_y", "Bổ sung giải pháp giảm nghèo bền vững ở các huyện vùng cao.", "", None),
]
