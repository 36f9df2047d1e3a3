-- Comments the app wrote by itself (the bundled sample draft's fictional comments, seeded on first
-- run): kept on this laptop, never sent to the others. Packages and the exchange folder skip them;
-- an edit keeps the mark, so a seeded comment never travels.
ALTER TABLE comments ADD COLUMN seeded INTEGER NOT NULL DEFAULT 0;

-- A database from before this version: the sample comments seeded here, and the copies of other
-- laptops' sample comments that travelled before they were marked, are known by their draft (the
-- bundled sample's file) and their first text (the texts of reviewer.store.samples.SAMPLE_COMMENTS;
-- a test keeps the two in step).
UPDATE comments SET seeded = 1
WHERE draft_id IN (SELECT id FROM drafts WHERE file_name = 'du-thao-bao-cao-2024.docx')
  AND coalesce((SELECT h.text FROM comment_history h WHERE h.comment_id = comments.id
                ORDER BY h.revision LIMIT 1), text) IN (
    'Đề nghị làm rõ nguyên nhân tốc độ tăng trưởng khu vực công nghiệp thấp hơn kế hoạch, nêu cụ thể các dự án chậm tiến độ.',
    'Bổ sung đánh giá tác động của cơn bão số 3 (Yagi) đến sản xuất nông nghiệp và thu nhập của người dân.',
    'Số thu nội địa vượt dự toán chủ yếu từ tiền sử dụng đất; đề nghị tách riêng để thấy rõ tính bền vững của nguồn thu.',
    'Phần hạn chế còn chung chung, chưa chỉ rõ trách nhiệm của tập thể, cá nhân người đứng đầu.',
    'Đề nghị sắp xếp các nhiệm vụ theo thứ tự ưu tiên và gắn với chỉ tiêu, thời hạn hoàn thành.',
    'Tổ 3 nhất trí với nội dung dự thảo.');
