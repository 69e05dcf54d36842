<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Còn dùng</translation>
    </message>
    <message>
        <source>May log in</source>
        <translation>Được đăng nhập</translation>
    </message>
    <message>
        <source>for a new account, or to reset it</source>
        <translation>cho tài khoản mới, hoặc để đặt lại</translation>
    </message>
    <message>
        <source> min</source>
        <translation> phút</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Tài khoản mới</translation>
    </message>
    <message>
        <source>Save the account</source>
        <translation>Lưu tài khoản</translation>
    </message>
    <message>
        <source>Lock the window after</source>
        <translation>Tự khoá màn hình sau</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Đặt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
</context>
<context>
    <name>ApologyDialog</name>
    <message>
        <source>Apology and extension (form 04)</source>
        <translation>Xin lỗi và đề nghị gia hạn (mẫu 04)</translation>
    </message>
    <message>
        <source>Why the result is late</source>
        <translation>Lý do trả kết quả chậm</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Extended until</source>
        <translation>Gia hạn đến</translation>
    </message>
    <message>
        <source>Save and print</source>
        <translation>Lưu và in</translation>
    </message>
</context>
<context>
    <name>BankAccountDialog</name>
    <message>
        <source>Account receiving the fees</source>
        <translation>Tài khoản nhận phí, lệ phí</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Ngân hàng</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Tên tài khoản</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
</context>
<context>
    <name>BoardWindow</name>
    <message>
        <source>Queue board</source>
        <translation>Bảng gọi số</translation>
    </message>
    <message>
        <source>Lost the connection to the server — trying again…</source>
        <translation>Mất kết nối máy chủ — đang thử lại…</translation>
    </message>
    <message>
        <source>Latest calls</source>
        <translation>Vừa gọi</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Trang %1/%2</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Quầy %1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mật khẩu hiện tại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Đổi</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Hai mật khẩu mới khác nhau.</translation>
    </message>
</context>
<context>
    <name>CitizenDisplay</name>
    <message>
        <source>Quầy Một Cửa — for the citizen</source>
        <translation>Quầy Một Cửa — màn hình công dân</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Kính chào quý công dân</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Quầy số %1</translation>
    </message>
    <message>
        <source>Please pay the fee by bank transfer</source>
        <translation>Mời quý công dân quét mã để nộp phí, lệ phí</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Đã thanh toán</translation>
    </message>
    <message>
        <source>Thank you.</source>
        <translation>Xin cảm ơn quý công dân.</translation>
    </message>
    <message>
        <source>Dossier %1 · %2</source>
        <translation>Hồ sơ %1 · %2</translation>
    </message>
    <message>
        <source>ID number %1</source>
        <translation>Số định danh %1</translation>
    </message>
    <message>
        <source>%1 · account %2 · %3</source>
        <translation>%1 · số tài khoản %2 · %3</translation>
    </message>
    <message>
        <source>Transfer content: %1</source>
        <translation>Nội dung chuyển khoản: %1</translation>
    </message>
    <message>
        <source>This code has expired: please ask the officer.</source>
        <translation>Mã đã hết hạn: xin liên hệ cán bộ.</translation>
    </message>
    <message>
        <source>The code is valid for %1:%2</source>
        <translation>Mã còn hiệu lực %1:%2</translation>
    </message>
    <message>
        <source>Now serving number %1</source>
        <translation>Đang phục vụ số %1</translation>
    </message>
</context>
<context>
    <name>CounterMenu</name>
    <message>
        <source>&amp;Counter</source>
        <translation>&amp;Quầy</translation>
    </message>
    <message>
        <source>For the head of the unit or the administrator</source>
        <translation>Dành cho trưởng bộ phận hoặc quản trị viên</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <source>New reception</source>
        <translation>Tiếp nhận mới</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Search dossiers</source>
        <translation>Tìm hồ sơ</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Printer…</source>
        <translation>Máy in…</translation>
    </message>
    <message>
        <source>Scanner…</source>
        <translation>Máy quét…</translation>
    </message>
    <message>
        <source>Register book (form 07)…</source>
        <translation>Sổ theo dõi hồ sơ (mẫu 07)…</translation>
    </message>
    <message>
        <source>Account receiving the fees…</source>
        <translation>Tài khoản nhận phí…</translation>
    </message>
    <message>
        <source>Fees of the day…</source>
        <translation>Phí, lệ phí trong ngày…</translation>
    </message>
    <message>
        <source>Queue figures…</source>
        <translation>Số liệu hàng đợi…</translation>
    </message>
    <message>
        <source>Citizen screen</source>
        <translation>Màn hình công dân</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Đổi mật khẩu…</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>Tài khoản…</translation>
    </message>
    <message>
        <source>Lock the window</source>
        <translation>Khoá màn hình</translation>
    </message>
    <message>
        <source>Queue figures</source>
        <translation>Số liệu hàng đợi</translation>
    </message>
    <message>
        <source>This counter is not enrolled with a ward server: it has no queue.</source>
        <translation>Quầy này chưa đăng ký với máy chủ phường nên chưa có hàng đợi.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>CounterTile</name>
    <message>
        <source>Counter %1</source>
        <translation>Quầy %1</translation>
    </message>
</context>
<context>
    <name>Days</name>
    <message>
        <source>Monday</source>
        <translation>thứ Hai</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>thứ Ba</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>thứ Tư</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>thứ Năm</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>thứ Sáu</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>thứ Bảy</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>Chủ nhật</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>Original</source>
        <translation>Bản chính</translation>
    </message>
    <message>
        <source>Certified copy</source>
        <translation>Bản sao có chứng thực</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Bản sao</translation>
    </message>
    <message>
        <source>Original or certified copy</source>
        <translation>Bản chính hoặc bản sao có chứng thực</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Xuất trình</translation>
    </message>
</context>
<context>
    <name>DossierDetail</name>
    <message>
        <source>Yes</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Saved as %1, but no PDF viewer opened it: open the file from that folder, or ask IT to install a PDF viewer.</source>
        <translation>Đã lưu tệp %1 nhưng máy này không mở được tệp PDF: hãy mở tệp trong thư mục đó, hoặc nhờ cán bộ tin học cài phần mềm đọc PDF.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt;</source>
        <translation>&lt;b&gt;Quá trình xử lý&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Dossier %1</source>
        <translation>Hồ sơ %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation>Người nộp thay</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Sets</source>
        <translation>Số bộ</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận lúc</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Lookup secret</source>
        <translation>Mã tra cứu</translation>
    </message>
    <message>
        <source>nothing to pay</source>
        <translation>không phải nộp</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>tiền mặt</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>chuyển khoản</translation>
    </message>
    <message>
        <source>paid (%1)</source>
        <translation>đã nộp (%1)</translation>
    </message>
    <message>
        <source>waiting for the transfer</source>
        <translation>đang chờ chuyển khoản</translation>
    </message>
    <message>
        <source>not paid</source>
        <translation>chưa nộp</translation>
    </message>
    <message>
        <source>Hand to another officer…</source>
        <translation>Giao cho cán bộ khác…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Print the receipt</source>
        <translation>In giấy hẹn</translation>
    </message>
    <message>
        <source>Form 01 (PDF)</source>
        <translation>Mẫu 01 (PDF)</translation>
    </message>
    <message>
        <source>Supplement request 02 (PDF)</source>
        <translation>Phiếu bổ sung 02 (PDF)</translation>
    </message>
    <message>
        <source>Refusal 03 (PDF)</source>
        <translation>Phiếu từ chối 03 (PDF)</translation>
    </message>
    <message>
        <source>Fee receipt</source>
        <translation>Biên lai thu phí</translation>
    </message>
    <message>
        <source>Fee by QR</source>
        <translation>Thu phí bằng QR</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>Đã thu tiền mặt</translation>
    </message>
    <message>
        <source>Transfer seen</source>
        <translation>Xác nhận đã nhận chuyển khoản</translation>
    </message>
    <message>
        <source>%1 in cash for %2?</source>
        <translation>Đã thu %1 tiền mặt cho hồ sơ %2?</translation>
    </message>
    <message>
        <source>How did you see the money arrive?</source>
        <translation>Căn cứ xác nhận tiền đã vào tài khoản?</translation>
    </message>
    <message>
        <source>Send to processing</source>
        <translation>Chuyển xử lý</translation>
    </message>
    <message>
        <source>Request documents</source>
        <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
        <source>Result ready</source>
        <translation>Đã có kết quả</translation>
    </message>
    <message>
        <source>Return to the citizen</source>
        <translation>Trả kết quả</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Rút hồ sơ</translation>
    </message>
    <message>
        <source>Stop handling</source>
        <translation>Dừng giải quyết</translation>
    </message>
    <message>
        <source>What is missing, and why?</source>
        <translation>Cần bổ sung giấy tờ gì, vì sao?</translation>
    </message>
    <message>
        <source>Why is the dossier refused?</source>
        <translation>Lý do từ chối hồ sơ?</translation>
    </message>
    <message>
        <source>Why does the citizen withdraw it?</source>
        <translation>Lý do công dân rút hồ sơ?</translation>
    </message>
    <message>
        <source>Why does the handling of this dossier stop?</source>
        <translation>Vì sao dừng giải quyết hồ sơ này?</translation>
    </message>
    <message>
        <source>%1: %2?</source>
        <translation>%1: %2?</translation>
    </message>
    <message>
        <source>the unit had not set this fee when the dossier was received</source>
        <translation>đơn vị chưa đặt mức thu khi tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Control slip 06 (PDF)</source>
        <translation>Phiếu kiểm soát 06 (PDF)</translation>
    </message>
    <message>
        <source>Notice of stop 05 (PDF)</source>
        <translation>Thông báo dừng giải quyết 05 (PDF)</translation>
    </message>
    <message>
        <source>Apology, extension 04 (PDF)</source>
        <translation>Xin lỗi, gia hạn 04 (PDF)</translation>
    </message>
    <message>
        <source>Work out the fee</source>
        <translation>Tính phí</translation>
    </message>
    <message>
        <source>The administrator has not set this fee&apos;s amount yet.</source>
        <translation>Quản trị viên chưa đặt mức thu của phí, lệ phí này.</translation>
    </message>
</context>
<context>
    <name>DossierList</name>
    <message>
        <source>Search by name, ID number, phone or dossier code (Ctrl+F)</source>
        <translation>Tìm theo họ tên, số định danh, điện thoại hoặc mã hồ sơ (Ctrl+F)</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Đang giải quyết</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 ngày</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 ngày</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>All officers</source>
        <translation>Mọi cán bộ</translation>
    </message>
    <message>
        <source>A search finds every dossier; lists of others&apos; work are the head&apos;s</source>
        <translation>Tìm kiếm thấy mọi hồ sơ; danh sách công việc của người khác do trưởng bộ phận xem</translation>
    </message>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation>
            <numerusform>%n hồ sơ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <source>Code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Enter the ID number.</source>
        <translation>Nhập số định danh cá nhân.</translation>
    </message>
    <message>
        <source>An ID number has digits only.</source>
        <translation>Số định danh chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>The ID number has %1 digits; a CCCD number has 12.</source>
        <translation>Số định danh có %1 chữ số; số CCCD phải có 12 chữ số.</translation>
    </message>
    <message>
        <source>The first three digits are not a province code: check the number.</source>
        <translation>Ba chữ số đầu không phải mã tỉnh: kiểm tra lại số.</translation>
    </message>
    <message>
        <source>The ID number does not match the birth year: check the card.</source>
        <translation>Số định danh không khớp với năm sinh: kiểm tra lại thẻ.</translation>
    </message>
    <message>
        <source>The ID number does not match the gender: check the card.</source>
        <translation>Số định danh không khớp với giới tính: kiểm tra lại thẻ.</translation>
    </message>
    <message>
        <source>This is not the QR code of a citizen identity card.</source>
        <translation>Đây không phải mã QR của thẻ căn cước.</translation>
    </message>
    <message>
        <source>The card QR was read incompletely: scan it again.</source>
        <translation>Mã QR trên thẻ đọc chưa đủ: quét lại.</translation>
    </message>
    <message>
        <source>The scanner garbled the text: set it to UTF-8 or type the details.</source>
        <translation>Máy quét làm sai ký tự: đặt máy quét ở chế độ UTF-8 hoặc nhập tay.</translation>
    </message>
    <message>
        <source>The scanned text is too long for a card QR.</source>
        <translation>Nội dung quét quá dài so với mã QR của thẻ.</translation>
    </message>
    <message>
        <source>The scanner dropped the Vietnamese letters (“%fragment”), so the form was not filled. Set the scanner to its serial mode (USB-COM), then Counter → Scanner…, or type the details in.</source>
        <translation>Máy quét đã làm mất chữ có dấu (“%fragment”) nên chưa điền vào biểu mẫu. Hãy chuyển máy quét sang chế độ cổng COM ảo (USB-COM) rồi chọn Quầy → Máy quét…, hoặc nhập tay thông tin.</translation>
    </message>
    <message>
        <source>Choose the scanner&apos;s port from the list (e.g. COM4 or /dev/ttyACM0).</source>
        <translation>Chọn cổng của máy quét trong danh sách (ví dụ COM4 hoặc /dev/ttyACM0).</translation>
    </message>
    <message>
        <source>Choose one of the listed speeds.</source>
        <translation>Chọn một tốc độ trong danh sách.</translation>
    </message>
    <message>
        <source>The card QR has an invalid date: scan it again.</source>
        <translation>Mã QR trên thẻ có ngày không hợp lệ: quét lại.</translation>
    </message>
    <message>
        <source>The card QR has an unknown gender: scan it again.</source>
        <translation>Mã QR trên thẻ có giới tính không rõ: quét lại.</translation>
    </message>
    <message>
        <source>The old ID number on the card QR is invalid.</source>
        <translation>Số CMND cũ trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The card QR has no name: scan it again.</source>
        <translation>Mã QR trên thẻ không có họ tên: quét lại.</translation>
    </message>
    <message>
        <source>The card QR has no address: scan it again.</source>
        <translation>Mã QR trên thẻ không có địa chỉ: quét lại.</translation>
    </message>
    <message>
        <source>The card&apos;s issue date is before the birth date.</source>
        <translation>Ngày cấp thẻ trước ngày sinh.</translation>
    </message>
    <message>
        <source>The ID number says born in %id_year, a year still to come: check it.</source>
        <translation>Số định danh ghi năm sinh %id_year, là năm chưa tới: kiểm tra lại số.</translation>
    </message>
    <message>
        <source>The ID number says born in %id_year, over 120 years ago: check it.</source>
        <translation>Số định danh ghi năm sinh %id_year, cách đây hơn 120 năm: kiểm tra lại số.</translation>
    </message>
    <message>
        <source>The birth date on the card QR is after today: scan it again.</source>
        <translation>Ngày sinh trong mã QR sau ngày hôm nay: quét lại.</translation>
    </message>
    <message>
        <source>The birth date on the card QR is over 120 years ago: scan it again.</source>
        <translation>Ngày sinh trong mã QR cách đây hơn 120 năm: quét lại.</translation>
    </message>
    <message>
        <source>The card&apos;s issue date is after today: scan it again.</source>
        <translation>Ngày cấp thẻ sau ngày hôm nay: quét lại.</translation>
    </message>
    <message>
        <source>The issue date is before 2021, when cards with a QR code began.</source>
        <translation>Ngày cấp trước năm 2021, khi chưa có thẻ gắn mã QR.</translation>
    </message>
    <message>
        <source>Before 1 July 2024 a card was issued from age 14, not at %age: check it.</source>
        <translation>Trước ngày 01/7/2024 thẻ chỉ cấp cho người từ đủ 14 tuổi, không cấp lúc %age tuổi: kiểm tra lại thẻ.</translation>
    </message>
    <message>
        <source>The name on the card QR contains &apos;%char&apos;, which no name has: scan again.</source>
        <translation>Họ tên trong mã QR có ký tự &apos;%char&apos;, không họ tên nào có: quét lại.</translation>
    </message>
    <message>
        <source>The name on the card QR is too short: scan it again.</source>
        <translation>Họ tên trong mã QR quá ngắn: quét lại.</translation>
    </message>
    <message>
        <source>The name on the card QR is too long: scan it again.</source>
        <translation>Họ tên trong mã QR quá dài: quét lại.</translation>
    </message>
    <message>
        <source>The address on the card QR has no letters: scan it again.</source>
        <translation>Địa chỉ trong mã QR không có chữ cái nào: quét lại.</translation>
    </message>
    <message>
        <source>The address on the card QR is too long: scan it again.</source>
        <translation>Địa chỉ trong mã QR quá dài: quét lại.</translation>
    </message>
    <message>
        <source>The old ID number on the card QR is all zeros.</source>
        <translation>Số CMND cũ trong mã QR toàn chữ số 0.</translation>
    </message>
    <message>
        <source>The birth date is after the day of receipt.</source>
        <translation>Ngày sinh sau ngày tiếp nhận hồ sơ.</translation>
    </message>
    <message>
        <source>Enter the full name.</source>
        <translation>Nhập họ và tên.</translation>
    </message>
    <message>
        <source>Not a Vietnamese phone number (e.g. 0912345678).</source>
        <translation>Không phải số điện thoại Việt Nam (ví dụ 0912345678).</translation>
    </message>
    <message>
        <source>Not an e-mail address.</source>
        <translation>Không phải địa chỉ thư điện tử.</translation>
    </message>
    <message>
        <source>Choose a procedure.</source>
        <translation>Chọn thủ tục hành chính.</translation>
    </message>
    <message>
        <source>This procedure is not in the catalogue.</source>
        <translation>Thủ tục này không có trong danh mục.</translation>
    </message>
    <message>
        <source>This procedure is not in force on that day.</source>
        <translation>Thủ tục này không còn hiệu lực vào ngày đó.</translation>
    </message>
    <message>
        <source>Enter the number of pages per copy.</source>
        <translation>Nhập số trang của mỗi bản.</translation>
    </message>
    <message>
        <source>Pages must be from %low to %high.</source>
        <translation>Số trang phải từ %low đến %high.</translation>
    </message>
    <message>
        <source>Copies must be from %low to %high.</source>
        <translation>Số bản phải từ %low đến %high.</translation>
    </message>
    <message>
        <source>Enter the age: the fee depends on it.</source>
        <translation>Nhập tuổi: mức lệ phí phụ thuộc vào tuổi.</translation>
    </message>
    <message>
        <source>Age must be from %low to %high.</source>
        <translation>Tuổi phải từ %low đến %high.</translation>
    </message>
    <message>
        <source>This exemption does not apply to the procedure.</source>
        <translation>Đối tượng miễn này không áp dụng cho thủ tục.</translation>
    </message>
    <message>
        <source>The account receiving the fees is not set up: an administrator sets it (menu &quot;Account receiving the fees…&quot;).</source>
        <translation>Chưa khai báo tài khoản nhận phí, lệ phí: quản trị viên khai báo ở mục &quot;Tài khoản nhận phí, lệ phí…&quot;.</translation>
    </message>
    <message>
        <source>An account number has 6–19 digits.</source>
        <translation>Số tài khoản gồm 6–19 chữ số.</translation>
    </message>
    <message>
        <source>Enter the account name as the bank writes it: capitals without diacritics.</source>
        <translation>Nhập tên tài khoản đúng như ngân hàng ghi: chữ in hoa, không dấu.</translation>
    </message>
    <message>
        <source>This dossier has no fee to pay.</source>
        <translation>Hồ sơ này không phải nộp phí, lệ phí.</translation>
    </message>
    <message>
        <source>The fee of this dossier is already paid.</source>
        <translation>Phí, lệ phí của hồ sơ này đã được nộp.</translation>
    </message>
    <message>
        <source>This QR code has expired: only the bank&apos;s notice can pay it. Make a new QR.</source>
        <translation>Mã QR này đã hết hạn: chỉ thông báo của ngân hàng mới ghi nhận được khoản đã trả. Hãy tạo mã QR mới.</translation>
    </message>
    <message>
        <source>Enter the reason for this change of the payment.</source>
        <translation>Hãy nhập lý do thay đổi khoản thanh toán này.</translation>
    </message>
    <message>
        <source>A fee receipt is issued once the fee is paid.</source>
        <translation>Biên lai thu phí, lệ phí chỉ được lập khi đã nộp tiền.</translation>
    </message>
    <message>
        <source>This payment cannot be changed that way in the state it is in.</source>
        <translation>Không thể thay đổi khoản thanh toán này như vậy ở trạng thái hiện tại.</translation>
    </message>
    <message>
        <source>The number of sets must be from 1 to 100.</source>
        <translation>Số bộ hồ sơ phải từ 1 đến 100.</translation>
    </message>
    <message>
        <source>A document count is from 1 to 100.</source>
        <translation>Số lượng giấy tờ phải từ 1 đến 100.</translation>
    </message>
    <message>
        <source>The time of receipt cannot be in the future.</source>
        <translation>Thời điểm tiếp nhận không thể ở tương lai.</translation>
    </message>
    <message>
        <source>This counter has used all its dossier numbers for today: ask the administrator.</source>
        <translation>Quầy đã dùng hết số hồ sơ của hôm nay: liên hệ quản trị viên.</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>Nhập lý do.</translation>
    </message>
    <message>
        <source>Enter why the result is late and choose the new date.</source>
        <translation>Nhập lý do trễ hẹn và chọn ngày hẹn mới.</translation>
    </message>
    <message>
        <source>The new date must be after the promised one.</source>
        <translation>Ngày hẹn mới phải sau ngày đã hẹn.</translation>
    </message>
    <message>
        <source>Only a dossier still being handled gets a new date.</source>
        <translation>Chỉ hồ sơ đang giải quyết mới được hẹn lại ngày trả.</translation>
    </message>
    <message>
        <source>The dossier has no reason recorded for this form: move it with a reason.</source>
        <translation>Hồ sơ chưa có lý do cho mẫu này: hãy chuyển trạng thái kèm lý do.</translation>
    </message>
    <message>
        <source>Choose a range of at most one year, the first day not after the last.</source>
        <translation>Chọn khoảng ngày không quá một năm, ngày đầu không sau ngày cuối.</translation>
    </message>
    <message>
        <source>A reason is at most %limit characters.</source>
        <translation>Lý do dài tối đa %limit ký tự.</translation>
    </message>
    <message>
        <source>The printer port is a name like COM3 or /dev/ttyUSB0.</source>
        <translation>Cổng máy in là một tên như COM3 hoặc /dev/ttyUSB0.</translation>
    </message>
    <message>
        <source>Enter a date from the year %low to %high.</source>
        <translation>Nhập ngày trong khoảng từ năm %low đến năm %high.</translation>
    </message>
    <message>
        <source>The dossier cannot go to that state now.</source>
        <translation>Hồ sơ không thể chuyển sang trạng thái đó lúc này.</translation>
    </message>
    <message>
        <source>No dossier has this code.</source>
        <translation>Không có hồ sơ nào mang mã này.</translation>
    </message>
    <message>
        <source>Not a dossier code.</source>
        <translation>Không phải mã hồ sơ.</translation>
    </message>
    <message>
        <source>A search is at most 200 characters.</source>
        <translation>Nội dung tìm kiếm tối đa 200 ký tự.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu.</translation>
    </message>
    <message>
        <source>Too many failed attempts: try again after %until.</source>
        <translation>Nhập sai quá nhiều lần: thử lại sau %until.</translation>
    </message>
    <message>
        <source>A password has at least 8 characters and no spaces around it.</source>
        <translation>Mật khẩu có ít nhất 8 ký tự, không có dấu cách ở đầu hoặc cuối.</translation>
    </message>
    <message>
        <source>3–32 lower-case letters or digits, starting with a letter.</source>
        <translation>3–32 chữ thường không dấu hoặc chữ số, bắt đầu bằng chữ cái.</translation>
    </message>
    <message>
        <source>This user name is already in use.</source>
        <translation>Tên đăng nhập này đã có người dùng.</translation>
    </message>
    <message>
        <source>Enter the ward&apos;s own agency id (its electronic identifier).</source>
        <translation>Nhập mã đơn vị của chính phường, xã (mã định danh điện tử).</translation>
    </message>
    <message>
        <source>An agency id is four groups separated by dots: 3 digits, 2 digits, 2 digits, then a capital letter and 2 digits.</source>
        <translation>Mã đơn vị gồm 4 nhóm cách nhau bởi dấu chấm: 3 chữ số, 2 chữ số, 2 chữ số, rồi một chữ cái in hoa và 2 chữ số.</translation>
    </message>
    <message>
        <source>%agency_id is the sample code of this software, not any agency&apos;s code.</source>
        <translation>%agency_id là mã mẫu của phần mềm, không phải mã của cơ quan nào.</translation>
    </message>
    <message>
        <source>%agency_id is the code of the provincial People&apos;s Committee itself, not of a ward or commune.</source>
        <translation>%agency_id là mã của chính UBND tỉnh, thành phố, không phải mã của phường, xã.</translation>
    </message>
    <message>
        <source>%agency_id is not under a provincial People&apos;s Committee: a ward&apos;s code ends in H and the province&apos;s two digits (e.g. H26 for Hà Nội).</source>
        <translation>%agency_id không thuộc UBND tỉnh, thành phố nào: mã của phường, xã kết thúc bằng chữ H và 2 chữ số của tỉnh, thành phố (ví dụ H26 là Hà Nội).</translation>
    </message>
    <message>
        <source>Enter the unit&apos;s name.</source>
        <translation>Nhập tên đơn vị.</translation>
    </message>
    <message>
        <source>Enter the place written on forms (e.g. Hà Nội).</source>
        <translation>Nhập địa danh ghi trên biểu mẫu (ví dụ Hà Nội).</translation>
    </message>
    <message>
        <source>A counter number is from 1 to 9.</source>
        <translation>Số quầy từ 1 đến 9.</translation>
    </message>
    <message>
        <source>Enter the officer&apos;s full name.</source>
        <translation>Nhập họ tên cán bộ.</translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s current password to change the unit.</source>
        <translation>Nhập mật khẩu hiện tại của quản trị viên để thay đổi thông tin đơn vị.</translation>
    </message>
    <message>
        <source>This installation is already set up.</source>
        <translation>Máy này đã được cài đặt.</translation>
    </message>
    <message>
        <source>Your account may not %permission. Ask the head of the unit or the administrator.</source>
        <translation>Tài khoản của anh/chị không được %permission. Hãy nhờ trưởng bộ phận hoặc quản trị viên.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>Mật khẩu hiện tại không đúng.</translation>
    </message>
    <message>
        <source>Choose a new password, not the one in use.</source>
        <translation>Hãy chọn mật khẩu mới, khác mật khẩu đang dùng.</translation>
    </message>
    <message>
        <source>There is no such account.</source>
        <translation>Không có tài khoản này.</translation>
    </message>
    <message>
        <source>Choose one of the roles.</source>
        <translation>Hãy chọn một vai trò.</translation>
    </message>
    <message>
        <source>The unit keeps one active administrator: name another one first.</source>
        <translation>Đơn vị phải còn một quản trị viên đang hoạt động: hãy chỉ định người khác trước.</translation>
    </message>
    <message>
        <source>Say why the dossier changes hands (at most 500 characters).</source>
        <translation>Hãy ghi lý do giao hồ sơ cho cán bộ khác (tối đa 500 ký tự).</translation>
    </message>
    <message>
        <source>The dossier is already this officer&apos;s.</source>
        <translation>Hồ sơ đã do cán bộ này phụ trách.</translation>
    </message>
    <message>
        <source>The window locks after 1 to 60 minutes.</source>
        <translation>Màn hình tự khoá sau 1 đến 60 phút.</translation>
    </message>
    <message>
        <source>This installation has no administrator account left. Ask the IT person to give one account the administrator role (counter-app account set --role admin).</source>
        <translation>Bản cài đặt không còn tài khoản quản trị nào. Đề nghị cán bộ công nghệ thông tin cấp quyền quản trị cho một tài khoản (counter-app account set --role admin).</translation>
    </message>
    <message>
        <source>At most %limit characters here.</source>
        <translation>Ô này tối đa %limit ký tự.</translation>
    </message>
    <message>
        <source>This is not a date.</source>
        <translation>Đây không phải là một ngày hợp lệ.</translation>
    </message>
    <message>
        <source>The time of receipt is not a date and time.</source>
        <translation>Thời điểm tiếp nhận không phải là ngày giờ hợp lệ.</translation>
    </message>
    <message>
        <source>Choose the gender from the list.</source>
        <translation>Chọn giới tính trong danh sách.</translation>
    </message>
    <message>
        <source>Enter the name of each document received.</source>
        <translation>Nhập tên của từng giấy tờ đã nhận.</translation>
    </message>
    <message>
        <source>Choose the document&apos;s form from the list (original, copy…).</source>
        <translation>Chọn loại giấy tờ trong danh sách (bản chính, bản sao…).</translation>
    </message>
    <message>
        <source>Choose how the dossier was submitted from the list.</source>
        <translation>Chọn hình thức nộp hồ sơ trong danh sách.</translation>
    </message>
    <message>
        <source>Choose where the result is collected from the list.</source>
        <translation>Chọn nơi nhận kết quả trong danh sách.</translation>
    </message>
    <message>
        <source>The app has no holidays for the year %year, so it cannot count the working days. Ask the administrator to enter that year&apos;s days off.</source>
        <translation>Phần mềm chưa có ngày nghỉ lễ của năm %year nên không tính được ngày làm việc. Đề nghị quản trị viên nhập các ngày nghỉ của năm đó.</translation>
    </message>
    <message>
        <source>The holiday calendar has no working day for a long time after this day: ask the administrator to check the days off.</source>
        <translation>Lịch nghỉ không có ngày làm việc nào trong một thời gian dài sau ngày này: đề nghị quản trị viên kiểm tra các ngày nghỉ.</translation>
    </message>
    <message>
        <source>The catalogue has no fee for this case of the procedure: ask the administrator.</source>
        <translation>Danh mục chưa có mức phí, lệ phí cho trường hợp này của thủ tục: hỏi quản trị viên.</translation>
    </message>
    <message>
        <source>This procedure has no such fee: choose one from the list.</source>
        <translation>Thủ tục này không có khoản phí đó: chọn một khoản trong danh sách.</translation>
    </message>
    <message>
        <source>This fee is counted by page, copy or age, not one amount per case: it is set in the catalogue, not here.</source>
        <translation>Khoản phí này tính theo trang, bản hoặc độ tuổi, không phải một mức cho mỗi trường hợp: mức phí được đặt trong danh mục, không đặt ở đây.</translation>
    </message>
    <message>
        <source>This procedure has several fees without an amount: choose which one.</source>
        <translation>Thủ tục này có nhiều khoản phí chưa có mức: chọn khoản cần đặt.</translation>
    </message>
    <message>
        <source>No payment has this reference: open the dossier again.</source>
        <translation>Không có khoản thanh toán nào mang mã này: mở lại hồ sơ.</translation>
    </message>
    <message>
        <source>Too many QR codes were made for this dossier: take the fee in cash, or ask the administrator.</source>
        <translation>Đã tạo quá nhiều mã QR cho hồ sơ này: thu bằng tiền mặt hoặc hỏi quản trị viên.</translation>
    </message>
    <message>
        <source>This bank is not in the list of banks a QR code can pay into.</source>
        <translation>Ngân hàng này không có trong danh sách ngân hàng nhận thanh toán bằng mã QR.</translation>
    </message>
    <message>
        <source>A bank&apos;s code (BIN) has 6 digits: choose the bank from the list.</source>
        <translation>Mã ngân hàng (BIN) gồm 6 chữ số: chọn ngân hàng trong danh sách.</translation>
    </message>
    <message>
        <source>The account number cannot go into a QR code: the administrator checks the account receiving the fees.</source>
        <translation>Số tài khoản không đưa được vào mã QR: quản trị viên cần kiểm tra tài khoản nhận phí, lệ phí.</translation>
    </message>
    <message>
        <source>This amount cannot be paid by QR code: take the fee in cash.</source>
        <translation>Số tiền này không thanh toán được bằng mã QR: thu bằng tiền mặt.</translation>
    </message>
    <message>
        <source>Choose the printer model from the list.</source>
        <translation>Chọn loại máy in trong danh sách.</translation>
    </message>
    <message>
        <source>Choose how this model writes Vietnamese from the list (see the test page).</source>
        <translation>Chọn cách in tiếng Việt của loại máy này trong danh sách (xem trang in thử).</translation>
    </message>
    <message>
        <source>The data is not valid (%1).</source>
        <translation>Dữ liệu không hợp lệ (%1).</translation>
    </message>
    <message>
        <source>The unit has not set this fee&apos;s amount yet: ask the administrator.</source>
        <translation>Đơn vị chưa đặt mức thu của phí, lệ phí này: báo quản trị viên.</translation>
    </message>
    <message>
        <source>The fee of this dossier is not determined yet: no payment can be taken.</source>
        <translation>Phí của hồ sơ này chưa xác định: chưa thể thu.</translation>
    </message>
    <message>
        <source>The fee of this dossier is already known.</source>
        <translation>Phí của hồ sơ này đã được xác định.</translation>
    </message>
    <message>
        <source>Enter the amount in đồng (at least 1 đồng).</source>
        <translation>Nhập mức thu bằng đồng (ít nhất 1 đồng).</translation>
    </message>
    <message>
        <source>A fee applies from today or a later day.</source>
        <translation>Mức phí áp dụng từ hôm nay hoặc một ngày sau.</translation>
    </message>
    <message>
        <source>Dossiers were already priced with the fee of that day: choose a later day.</source>
        <translation>Đã có hồ sơ tính phí theo mức của ngày đó: chọn một ngày sau.</translation>
    </message>
    <message>
        <source>A later version of this procedure exists: set the fee on that one.</source>
        <translation>Thủ tục đã có phiên bản áp dụng muộn hơn: đặt mức phí trên phiên bản đó.</translation>
    </message>
    <message>
        <source>The data is locked by another program for more than %waited s: close it (another counter window, a database viewer) and try again.</source>
        <translation>Dữ liệu đang bị một chương trình khác khóa quá %waited giây: hãy đóng chương trình đó (một cửa sổ quầy khác, phần mềm xem cơ sở dữ liệu) rồi thử lại.</translation>
    </message>
    <message>
        <source>The data cannot be saved: the database file, its folder or the disk is read-only. Ask the IT person to give write access.</source>
        <translation>Không lưu được dữ liệu: tệp cơ sở dữ liệu, thư mục chứa nó hoặc ổ đĩa chỉ cho phép đọc. Hãy nhờ cán bộ tin học cấp quyền ghi.</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space (or ask the IT person), then save again.</source>
        <translation>Ổ đĩa đã đầy: chưa có gì được lưu. Hãy giải phóng dung lượng (hoặc nhờ cán bộ tin học) rồi lưu lại.</translation>
    </message>
    <message>
        <source>The database is damaged. Ask the IT person to restore the latest backup (counter-app db restore --latest).</source>
        <translation>Cơ sở dữ liệu bị hỏng. Hãy nhờ cán bộ tin học khôi phục bản sao lưu gần nhất (counter-app db restore --latest).</translation>
    </message>
    <message>
        <source>The file counter.db is not a database. Ask the IT person to restore the latest backup (counter-app db restore --latest).</source>
        <translation>Tệp counter.db không phải là cơ sở dữ liệu. Hãy nhờ cán bộ tin học khôi phục bản sao lưu gần nhất (counter-app db restore --latest).</translation>
    </message>
    <message>
        <source>The file counter.db belongs to another program. Ask the IT person to move it away and restore the latest backup (counter-app db restore --latest).</source>
        <translation>Tệp counter.db thuộc về một chương trình khác. Hãy nhờ cán bộ tin học chuyển tệp đó đi và khôi phục bản sao lưu gần nhất (counter-app db restore --latest).</translation>
    </message>
    <message>
        <source>There is a folder where the database file counter.db should be. Ask the IT person to move it away and restore the latest backup.</source>
        <translation>Ở chỗ của tệp cơ sở dữ liệu counter.db lại là một thư mục. Hãy nhờ cán bộ tin học chuyển thư mục đó đi và khôi phục bản sao lưu gần nhất.</translation>
    </message>
    <message>
        <source>There is a folder named %name beside the database file counter.db, where the database keeps a file of its own, so nothing can be saved. Nothing is lost: ask the IT person to move that folder away, then open the program again.</source>
        <translation>Có một thư mục tên %name nằm cạnh tệp cơ sở dữ liệu counter.db, ở chỗ cơ sở dữ liệu cần đặt tệp riêng của nó, nên không lưu được gì. Dữ liệu không mất: hãy nhờ cán bộ CNTT chuyển thư mục đó đi, rồi mở lại chương trình.</translation>
    </message>
    <message>
        <source>The database cannot be opened. Ask the IT person to check the data folder.</source>
        <translation>Không mở được cơ sở dữ liệu. Hãy nhờ cán bộ tin học kiểm tra thư mục dữ liệu.</translation>
    </message>
    <message>
        <source>The disk failed while reading or writing the data. Ask the IT person to check the disk.</source>
        <translation>Ổ đĩa bị lỗi khi đọc hoặc ghi dữ liệu. Hãy nhờ cán bộ tin học kiểm tra ổ đĩa.</translation>
    </message>
    <message>
        <source>Some stored data is damaged and cannot be shown. Ask the IT person to check the database (counter-app db check).</source>
        <translation>Một phần dữ liệu đã lưu bị hỏng, không hiển thị được. Hãy nhờ cán bộ tin học kiểm tra cơ sở dữ liệu (counter-app db check).</translation>
    </message>
    <message>
        <source>The stored data of dossier %dossier is damaged and cannot be shown. Ask the IT person to check the database (counter-app db check).</source>
        <translation>Dữ liệu đã lưu của hồ sơ %dossier bị hỏng, không hiển thị được. Hãy nhờ cán bộ tin học kiểm tra cơ sở dữ liệu (counter-app db check).</translation>
    </message>
    <message>
        <source>The counter&apos;s record of the codes it gave out (backups/unit-ledger.json) cannot be read. Ask the IT person to check it.</source>
        <translation>Không đọc được sổ ghi các mã hồ sơ quầy đã cấp (backups/unit-ledger.json). Hãy nhờ cán bộ tin học kiểm tra.</translation>
    </message>
    <message>
        <source>The database was restored or replaced while the window was open: close the program and open it again.</source>
        <translation>Cơ sở dữ liệu đã được khôi phục hoặc thay thế trong lúc cửa sổ đang mở: hãy đóng chương trình rồi mở lại.</translation>
    </message>
    <message>
        <source>The data could not be read or saved (%1). Ask the IT person.</source>
        <translation>Không đọc hoặc lưu được dữ liệu (%1). Hãy nhờ cán bộ tin học.</translation>
    </message>
</context>
<context>
    <name>Fees</name>
    <message>
        <source>not determined</source>
        <translation>chưa xác định</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>New reception</source>
        <translation>Tiếp nhận mới</translation>
    </message>
    <message>
        <source>Receive the dossier</source>
        <translation>Tiếp nhận hồ sơ</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <source>Documents and fee</source>
        <translation>Giấy tờ và lệ phí</translation>
    </message>
    <message>
        <source>Search dossiers</source>
        <translation>Tìm hồ sơ</translation>
    </message>
    <message>
        <source>Open the selected dossier</source>
        <translation>Mở hồ sơ đang chọn</translation>
    </message>
    <message>
        <source>Scan the card</source>
        <translation>Quét thẻ CCCD</translation>
    </message>
    <message>
        <source>Fills the applicant, from anywhere</source>
        <translation>Tự điền người nộp, ở bất cứ đâu</translation>
    </message>
    <message>
        <source>Close this help</source>
        <translation>Đóng bảng trợ giúp</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Queue: call the next number / call again / skip</source>
        <translation>Hàng đợi: gọi số tiếp theo / gọi lại / bỏ qua</translation>
    </message>
    <message>
        <source>Queue: finish / transfer the ticket</source>
        <translation>Hàng đợi: kết thúc / chuyển số</translation>
    </message>
    <message>
        <source>Queue without its server: a number given at this counter</source>
        <translation>Hàng đợi khi mất máy chủ: cấp số tại quầy</translation>
    </message>
    <message>
        <source>Citizen screen</source>
        <translation>Màn hình công dân</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Take a number</source>
        <translation>Lấy số thứ tự</translation>
    </message>
    <message>
        <source>Cannot reach the ward server: numbers cannot be taken for now. Please wait a moment or ask an officer.</source>
        <translation>Không kết nối được máy chủ của phường: tạm thời chưa lấy được số. Vui lòng chờ trong giây lát hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>Touch the service you need</source>
        <translation>Chạm vào lĩnh vực bạn cần làm thủ tục</translation>
    </message>
    <message>
        <source>Priority — touch if you are:</source>
        <translation>Ưu tiên — chạm vào nếu bạn là:</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Số thứ tự của bạn</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Elderly person</source>
        <translation>Người cao tuổi</translation>
    </message>
    <message>
        <source>Person with a disability</source>
        <translation>Người khuyết tật</translation>
    </message>
    <message>
        <source>Pregnant woman</source>
        <translation>Phụ nữ mang thai</translation>
    </message>
    <message>
        <source>With a child under 6</source>
        <translation>Đi cùng trẻ dưới 6 tuổi</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 người đang chờ</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>và %1 thủ tục khác</translation>
    </message>
    <message>
        <source>The ward server did not answer: please try again.</source>
        <translation>Máy chủ của phường không trả lời: vui lòng chạm lại.</translation>
    </message>
    <message>
        <source>No number could be given: please ask an officer.</source>
        <translation>Chưa lấy được số: vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Ưu tiên: %1</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Đang in phiếu…</translation>
    </message>
    <message>
        <source>Nobody is waiting before you</source>
        <translation>Không có ai đang chờ trước bạn</translation>
    </message>
    <message>
        <source>%1 people are waiting before you</source>
        <translation>Có %1 người đang chờ trước bạn</translation>
    </message>
    <message>
        <source>Taken at %1, %2, %3</source>
        <translation>Lấy số lúc %1, %2, %3</translation>
    </message>
    <message>
        <source>Please take your ticket and wait to be called.</source>
        <translation>Mời bạn nhận phiếu và chờ gọi số.</translation>
    </message>
    <message>
        <source>This kiosk has no ticket printer.</source>
        <translation>Kiosk chưa có máy in phiếu.</translation>
    </message>
    <message>
        <source>The printer is off or offline.</source>
        <translation>Máy in đang tắt hoặc ngoại tuyến.</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open.</source>
        <translation>Nắp máy in đang mở.</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>Máy in hết giấy.</translation>
    </message>
    <message>
        <source>The printer does not answer.</source>
        <translation>Máy in không trả lời.</translation>
    </message>
    <message>
        <source>The ticket could not be printed.</source>
        <translation>Không in được phiếu.</translation>
    </message>
    <message>
        <source>Please remember your number.</source>
        <translation>Vui lòng ghi nhớ số của bạn.</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked — Quầy Một Cửa</source>
        <translation>Đã khoá — Quầy Một Cửa</translation>
    </message>
    <message>
        <source>The counter was locked after a time without use.</source>
        <translation>Quầy đã tự khoá sau một thời gian không dùng.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khoá</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Quầy Một Cửa</source>
        <translation>Đăng nhập — Quầy Một Cửa</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Quầy số %1</translation>
    </message>
    <message>
        <source>Checking the password…</source>
        <translation>Đang kiểm tra mật khẩu…</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quầy Một Cửa — %1</source>
        <translation>Quầy Một Cửa — %1</translation>
    </message>
    <message>
        <source>%1 Dossiers have been numbered with it, so the app keeps it: the administrator sets the ward&apos;s own code (counter-app unit set-agency-id).</source>
        <translation>%1 Đã có hồ sơ được cấp mã theo mã này nên phần mềm giữ nguyên: quản trị viên cần đặt mã riêng của phường, xã (lệnh counter-app unit set-agency-id).</translation>
    </message>
    <message>
        <source>%1 · Counter %2 · Officer: %3</source>
        <translation>%1 · Quầy số %2 · Cán bộ: %3</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>Danh mục thủ tục</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
</context>
<context>
    <name>MissingFeesBanner</name>
    <message>
        <source>Set the fee…</source>
        <translation>Đặt mức phí…</translation>
    </message>
    <message>
        <source>The unit has not set the fee of: %1. Until it does, these fees read &quot;not determined&quot; and no QR is made for them.</source>
        <translation>Đơn vị chưa đặt mức phí, lệ phí của: %1. Cho đến khi đặt, phí của các thủ tục này ghi &quot;chưa xác định&quot; và không tạo mã QR thu phí.</translation>
    </message>
</context>
<context>
    <name>PersonFields</name>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Thư điện tử</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>Printer offline</source>
        <translation>Máy in ngoại tuyến</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>Nắp máy in mở</translation>
    </message>
    <message>
        <source>Paper nearly out</source>
        <translation>Sắp hết giấy</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>Hết giấy</translation>
    </message>
    <message>
        <source>Printer not responding</source>
        <translation>Máy in không phản hồi</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>Máy in sẵn sàng</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>chờ in</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>đang in</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>đã in</translation>
    </message>
    <message>
        <source>Appointment slip %1</source>
        <translation>Giấy hẹn %1</translation>
    </message>
    <message>
        <source>Fee receipt %1</source>
        <translation>Biên lai %1</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Số %1</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Trang in thử</translation>
    </message>
    <message>
        <source>Printer problem</source>
        <translation>Máy in gặp sự cố</translation>
    </message>
    <message>
        <source>Nothing was printed: this counter has no printer set up. The head of the unit or the administrator sets one up in the menu Counter → Printer…</source>
        <translation>Chưa in được: quầy này chưa cài đặt máy in. Trưởng bộ phận hoặc quản trị viên cài đặt ở menu Quầy → Máy in…</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <source>Print the test page</source>
        <translation>In trang thử</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Tốc độ (baud)</translation>
    </message>
    <message>
        <source>Printer model</source>
        <translation>Loại máy in</translation>
    </message>
    <message>
        <source>Vietnamese (from the test page)</source>
        <translation>Tiếng Việt (theo trang in thử)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Recent papers</source>
        <translation>Phiếu in gần đây</translation>
    </message>
    <message>
        <source>As the model says (%1)</source>
        <translation>Theo loại máy (%1)</translation>
    </message>
    <message>
        <source>Choose the printer&apos;s port first: nothing was printed.</source>
        <translation>Chọn cổng của máy in trước: chưa in được gì.</translation>
    </message>
</context>
<context>
    <name>PrinterStatusLabel</name>
    <message>
        <source>Printer not set up</source>
        <translation>Chưa cài đặt máy in</translation>
    </message>
    <message numerus="yes">
        <source>%n paper(s) waiting</source>
        <translation>
            <numerusform>%n phiếu chờ in</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Same day</source>
        <translation>Trong ngày</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 ngày làm việc</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>%1 priority</source>
        <translation>%1 ưu tiên</translation>
    </message>
    <message>
        <source>%1 waiting for %2</source>
        <translation>%1 số đang chờ (%2)</translation>
    </message>
    <message>
        <source>A ticket being served cannot be skipped: finish it.</source>
        <translation>Số đang được phục vụ thì không bỏ qua được: hãy bấm Kết thúc.</translation>
    </message>
    <message>
        <source>Another counter called that ticket: call the next again.</source>
        <translation>Quầy khác vừa gọi số này: hãy gọi số tiếp theo lần nữa.</translation>
    </message>
    <message>
        <source>Asking the queue server…</source>
        <translation>Đang hỏi máy chủ hàng đợi…</translation>
    </message>
    <message>
        <source>Being served</source>
        <translation>Đang phục vụ</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>Gọi số tiếp theo</translation>
    </message>
    <message>
        <source>Called at %1 (%2×)</source>
        <translation>Đã gọi lúc %1 (%2 lần)</translation>
    </message>
    <message>
        <source>Cannot reach the queue server: check the network; retrying…</source>
        <translation>Không kết nối được máy chủ hàng đợi: kiểm tra mạng; đang thử lại…</translation>
    </message>
    <message>
        <source>Counter %1 · serving</source>
        <translation>Quầy số %1 · đang phục vụ</translation>
    </message>
    <message>
        <source>Dossier %1 goes with ticket %2.</source>
        <translation>Hồ sơ %1 được gắn với số %2.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>No ticket called</source>
        <translation>Chưa gọi số nào</translation>
    </message>
    <message>
        <source>No ticket is called at this counter.</source>
        <translation>Quầy chưa gọi số nào.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter.</source>
        <translation>Không còn ai chờ quầy này.</translation>
    </message>
    <message>
        <source>Skip (absent)</source>
        <translation>Bỏ qua (vắng mặt)</translation>
    </message>
    <message>
        <source>Something went wrong; it was written to the log. Try again.</source>
        <translation>Có lỗi không mong muốn, đã ghi vào nhật ký. Hãy thử lại.</translation>
    </message>
    <message>
        <source>That ticket cannot be called now.</source>
        <translation>Số này hiện không gọi được.</translation>
    </message>
    <message>
        <source>That ticket was not finished at this counter.</source>
        <translation>Số này không kết thúc tại quầy này.</translation>
    </message>
    <message>
        <source>The citizen&apos;s rating was not sent: %1</source>
        <translation>Chưa gửi được đánh giá của công dân: %1</translation>
    </message>
    <message>
        <source>The queue server refused this action.</source>
        <translation>Máy chủ hàng đợi không chấp nhận thao tác này.</translation>
    </message>
    <message>
        <source>The ticket is at this counter already.</source>
        <translation>Số này đã ở quầy này rồi.</translation>
    </message>
    <message>
        <source>The ward has no such service area.</source>
        <translation>Phường không có khu vực dịch vụ này.</translation>
    </message>
    <message>
        <source>The ward server no longer accepts this counter: ask the administrator to enrol it again.</source>
        <translation>Máy chủ phường không còn chấp nhận quầy này: nhờ quản trị viên đăng ký lại quầy.</translation>
    </message>
    <message>
        <source>The queue server could not take this request: try again.</source>
        <translation>Máy chủ hàng đợi không nhận được yêu cầu này: hãy thử lại.</translation>
    </message>
    <message>
        <source>The ward&apos;s queue has no such counter: ask the administrator.</source>
        <translation>Hàng đợi của phường không có quầy này: hãy hỏi quản trị viên.</translation>
    </message>
    <message>
        <source>That answer is not on the rating scale.</source>
        <translation>Câu trả lời này không có trong thang đánh giá.</translation>
    </message>
    <message>
        <source>The rating scale stored for this ward cannot be used: ask the administrator.</source>
        <translation>Thang đánh giá đã lưu của phường không dùng được: hỏi quản trị viên.</translation>
    </message>
    <message>
        <source>This counter is not connected to a ward server.</source>
        <translation>Quầy này chưa kết nối với máy chủ phường.</translation>
    </message>
    <message>
        <source>This ticket is already being served.</source>
        <translation>Số này đang được phục vụ rồi.</translation>
    </message>
    <message>
        <source>This ticket was rated already.</source>
        <translation>Số này đã được đánh giá rồi.</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Chuyển…</translation>
    </message>
</context>
<context>
    <name>QueueStatsDialog</name>
    <message>
        <source>Queue figures</source>
        <translation>Số liệu hàng đợi</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Theo</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Khu vực</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Quầy</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Lấy số</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Đã phục vụ</translation>
    </message>
    <message>
        <source>No-shows</source>
        <translation>Vắng mặt</translation>
    </message>
    <message>
        <source>Average wait</source>
        <translation>Chờ TB</translation>
    </message>
    <message>
        <source>Wait (90%)</source>
        <translation>Chờ (90%)</translation>
    </message>
    <message>
        <source>Average walk</source>
        <translation>Đi đến quầy TB</translation>
    </message>
    <message>
        <source>Average service</source>
        <translation>Phục vụ TB</translation>
    </message>
    <message>
        <source>Called in time</source>
        <translation>Gọi trong hạn</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Đánh giá</translation>
    </message>
    <message>
        <source>Asking the queue server…</source>
        <translation>Đang hỏi máy chủ hàng đợi…</translation>
    </message>
    <message>
        <source>Tickets: %1 · served: %2 · no-shows: %3 · still waiting: %4 · average wait: %5 · called within %6 minutes: %7</source>
        <translation>Lấy số: %1 · đã phục vụ: %2 · vắng mặt: %3 · còn chờ: %4 · chờ trung bình: %5 · được gọi trong %6 phút: %7</translation>
    </message>
    <message>
        <source>Whole day</source>
        <translation>Cả ngày</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 phút</translation>
    </message>
    <message>
        <source>The queue server did not answer; try again in a moment.</source>
        <translation>Máy chủ hàng đợi chưa trả lời; vui lòng thử lại sau giây lát.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>RatingView</name>
    <message>
        <source>How satisfied are you with the service?</source>
        <translation>Mời quý công dân đánh giá việc phục vụ</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Xin cảm ơn quý công dân đã đánh giá!</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Số %1</translation>
    </message>
    <message>
        <source>Touch one answer.</source>
        <translation>Xin chạm vào một ý.</translation>
    </message>
    <message>
        <source>What did not satisfy you?</source>
        <translation>Điều gì khiến quý công dân chưa hài lòng?</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Hand dossier %1 to another officer</source>
        <translation>Giao hồ sơ %1 cho cán bộ khác</translation>
    </message>
    <message>
        <source>e.g. the officer is on leave</source>
        <translation>ví dụ: cán bộ nghỉ phép</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Giao cho</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>Giao</translation>
    </message>
    <message>
        <source>There is no other active officer: add an account first.</source>
        <translation>Chưa có cán bộ nào khác đang hoạt động: hãy thêm tài khoản trước.</translation>
    </message>
</context>
<context>
    <name>ReceptionForm</name>
    <message>
        <source>Applicant (Alt+2)</source>
        <translation>Người nộp hồ sơ (Alt+2)</translation>
    </message>
    <message>
        <source>Submitted by a delegate</source>
        <translation>Có người nộp thay</translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation>Người nộp thay</translation>
    </message>
    <message>
        <source>Procedure (Alt+1)</source>
        <translation>Thủ tục (Alt+1)</translation>
    </message>
    <message>
        <source>Code or name, without diacritics</source>
        <translation>Mã hoặc tên thủ tục, gõ không dấu cũng được</translation>
    </message>
    <message>
        <source>Documents and fee (Alt+3)</source>
        <translation>Giấy tờ và lệ phí (Alt+3)</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Giấy tờ</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>At the counter</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>Bưu chính</translation>
    </message>
    <message>
        <source>Registered late</source>
        <translation>Đăng ký quá hạn</translation>
    </message>
    <message>
        <source>Sets</source>
        <translation>Số bộ</translation>
    </message>
    <message>
        <source>Pages per copy</source>
        <translation>Số trang mỗi bản</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Số bản</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Tuổi</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Hình thức nộp</translation>
    </message>
    <message>
        <source>Exemption</source>
        <translation>Miễn lệ phí</translation>
    </message>
    <message>
        <source>Receive (Ctrl+S)</source>
        <translation>Tiếp nhận (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the dossier and give its code (Ctrl+S)</source>
        <translation>Lưu hồ sơ và cấp mã hồ sơ (Ctrl+S)</translation>
    </message>
    <message>
        <source>New (F2)</source>
        <translation>Làm mới (F2)</translation>
    </message>
    <message>
        <source>Start a new reception (F2)</source>
        <translation>Bắt đầu tiếp nhận hồ sơ mới (F2)</translation>
    </message>
    <message>
        <source>— choose a procedure —</source>
        <translation>— chọn thủ tục —</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Choose a procedure to see the fee and the date.</source>
        <translation>Chọn thủ tục để xem lệ phí và ngày hẹn trả.</translation>
    </message>
    <message>
        <source>Fee: —</source>
        <translation>Lệ phí: —</translation>
    </message>
    <message>
        <source>Fee: %1&lt;br&gt;Return: %2</source>
        <translation>Lệ phí: %1&lt;br&gt;Hẹn trả: %2</translation>
    </message>
    <message>
        <source>Received: &lt;b&gt;%1&lt;/b&gt; · secret %2 · fee %3 · return %4</source>
        <translation>Đã tiếp nhận: &lt;b&gt;%1&lt;/b&gt; · mã tra cứu %2 · lệ phí %3 · hẹn trả %4</translation>
    </message>
    <message>
        <source>Card not read: %1</source>
        <translation>Không đọc được thẻ: %1</translation>
    </message>
    <message>
        <source>Read from the card, but: %1</source>
        <translation>Đã đọc từ thẻ, nhưng: %1</translation>
    </message>
    <message>
        <source>Filled from the card: name, ID number, birth date, gender, address.</source>
        <translation>Đã điền từ thẻ CCCD: họ tên, số định danh, ngày sinh, giới tính, địa chỉ.</translation>
    </message>
    <message>
        <source>The card expired on %1.</source>
        <translation>Thẻ đã hết hạn từ ngày %1.</translation>
    </message>
    <message>
        <source>%1 (the unit has not set this fee yet)</source>
        <translation>%1 (đơn vị chưa đặt mức thu)</translation>
    </message>
    <message>
        <source>expected: the days off of %1 are not announced yet</source>
        <translation>dự kiến: lịch nghỉ năm %1 chưa được công bố</translation>
    </message>
</context>
<context>
    <name>ReconciliationDialog</name>
    <message>
        <source>Fees of the day</source>
        <translation>Phí, lệ phí trong ngày</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Mã tham chiếu</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Paid on an officer&apos;s confirmation, not the bank&apos;s:</source>
        <translation>Đã thu theo xác nhận của cán bộ (chưa có báo có của ngân hàng):</translation>
    </message>
    <message>
        <source>Paid %1 · waiting %2 · expired %3 · cancelled %4 · refunded %5</source>
        <translation>Đã nộp %1 · chờ %2 · hết hạn %3 · đã hủy %4 · hoàn trả %5</translation>
    </message>
    <message>
        <source>By transfer %1 · in cash %2 · total %3</source>
        <translation>Chuyển khoản %1 · tiền mặt %2 · tổng %3</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>The counter&apos;s data</source>
        <translation>Dữ liệu của quầy</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>The database file counter.db is missing, but this counter has already given out dossier codes (the last: %1).</source>
        <translation>Không tìm thấy tệp cơ sở dữ liệu counter.db, trong khi quầy này đã cấp mã hồ sơ (mã cuối cùng: %1).</translation>
    </message>
    <message>
        <source>The database file counter.db is empty, but this counter has already given out dossier codes (the last: %1).</source>
        <translation>Tệp cơ sở dữ liệu counter.db trống, trong khi quầy này đã cấp mã hồ sơ (mã cuối cùng: %1).</translation>
    </message>
    <message>
        <source>The file counter.db is not this counter&apos;s database, but this counter has already given out dossier codes (the last: %1).</source>
        <translation>Tệp counter.db không phải cơ sở dữ liệu của quầy này, trong khi quầy này đã cấp mã hồ sơ (mã cuối cùng: %1).</translation>
    </message>
    <message>
        <source>The file counter.db holds fewer dossiers (%2) than this counter had saved (%3): some are missing. The last code given out: %1.</source>
        <translation>Tệp counter.db có ít hồ sơ hơn (%2) so với số hồ sơ quầy đã lưu (%3): một số hồ sơ bị thiếu. Mã hồ sơ cuối cùng đã cấp: %1.</translation>
    </message>
    <message>
        <source>The file counter.db holds fewer records of its history (%2) than this counter had saved (%3): some are missing. The last code given out: %1.</source>
        <translation>Tệp counter.db có ít bản ghi lịch sử hơn (%2) so với số bản ghi quầy đã lưu (%3): một số bản ghi bị thiếu. Mã hồ sơ cuối cùng đã cấp: %1.</translation>
    </message>
    <message>
        <source>Keep the file counter.db as it is (dossiers in it: %1)? No backup holds more. The missing records will not be in the list, but no code given out will be given again.</source>
        <translation>Giữ nguyên tệp counter.db (có %1 hồ sơ)? Không bản sao lưu nào có nhiều hồ sơ hơn. Các bản ghi bị thiếu sẽ không có trong danh sách, nhưng các mã đã cấp sẽ không bị cấp lại.</translation>
    </message>
    <message>
        <source>No backup of this counter was found. Ask the IT person: the command &apos;counter-app db start-over --confirm&apos; starts an empty database that keeps the numbering.</source>
        <translation>Không tìm thấy bản sao lưu nào của quầy này. Hãy nhờ cán bộ tin học: lệnh &apos;counter-app db start-over --confirm&apos; tạo cơ sở dữ liệu trống mà vẫn giữ nguyên việc đánh số hồ sơ.</translation>
    </message>
    <message>
        <source>The latest backup was taken at %1 (dossiers in it: %2). Restore it? Dossiers received after it will be missing from the list, but their codes will not be given again.</source>
        <translation>Bản sao lưu gần nhất được tạo lúc %1, có %2 hồ sơ. Khôi phục bản sao lưu này? Các hồ sơ tiếp nhận sau thời điểm đó sẽ không có trong danh sách, nhưng mã của chúng sẽ không bị cấp lại.</translation>
    </message>
    <message>
        <source>The file counter.db is kept (dossiers in it: %1). The codes of the missing dossiers will not be given again.</source>
        <translation>Đã giữ nguyên tệp counter.db (có %1 hồ sơ). Mã của các hồ sơ bị thiếu sẽ không bị cấp lại.</translation>
    </message>
    <message>
        <source>The backup of %1 is restored (dossiers in it: %2). Dossiers received after it are not in it; their codes will not be given again.</source>
        <translation>Đã khôi phục bản sao lưu lúc %1: %2 hồ sơ. Các hồ sơ tiếp nhận sau thời điểm đó không có trong bản sao lưu; mã của chúng sẽ không bị cấp lại.</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register book (form 07)</source>
        <translation>Sổ theo dõi hồ sơ (mẫu 07)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <source>Make the PDF</source>
        <translation>Tạo PDF</translation>
    </message>
</context>
<context>
    <name>Rights</name>
    <message>
        <source>change the unit&apos;s settings</source>
        <translation>thay đổi thông tin đơn vị</translation>
    </message>
    <message>
        <source>change the printer settings</source>
        <translation>thay đổi cài đặt máy in</translation>
    </message>
    <message>
        <source>change the scanner settings</source>
        <translation>thay đổi cài đặt máy quét</translation>
    </message>
    <message>
        <source>change the bank account</source>
        <translation>thay đổi tài khoản ngân hàng</translation>
    </message>
    <message>
        <source>change the fees</source>
        <translation>thay đổi phí, lệ phí</translation>
    </message>
    <message>
        <source>change the calendar</source>
        <translation>thay đổi lịch làm việc</translation>
    </message>
    <message>
        <source>refund a payment</source>
        <translation>hoàn trả tiền</translation>
    </message>
    <message>
        <source>confirm a transfer without the bank&apos;s notice</source>
        <translation>xác nhận chuyển khoản khi chưa có báo có của ngân hàng</translation>
    </message>
    <message>
        <source>close, reschedule or reassign another officer&apos;s dossier</source>
        <translation>kết thúc, gia hạn hoặc giao lại hồ sơ của cán bộ khác</translation>
    </message>
    <message>
        <source>see other officers&apos; work</source>
        <translation>xem công việc của cán bộ khác</translation>
    </message>
    <message>
        <source>manage accounts</source>
        <translation>quản lý tài khoản</translation>
    </message>
    <message>
        <source>enrol this counter</source>
        <translation>đăng ký quầy này</translation>
    </message>
    <message>
        <source>change the rating scale</source>
        <translation>thay đổi thang đánh giá</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <source>Head of unit</source>
        <translation>Trưởng bộ phận</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
</context>
<context>
    <name>ScanRouter</name>
    <message>
        <source>This is a bank transfer QR (VietQR), not a citizen card.</source>
        <translation>Đây là mã QR chuyển khoản (VietQR), không phải thẻ căn cước.</translation>
    </message>
    <message>
        <source>The scanner sent bytes that are not UTF-8: set it to send UTF-8.</source>
        <translation>Máy quét gửi dữ liệu không phải UTF-8: hãy cài máy quét gửi UTF-8.</translation>
    </message>
    <message>
        <source>The lookup QR does not match dossier %1.</source>
        <translation>Mã QR tra cứu không khớp với hồ sơ %1.</translation>
    </message>
</context>
<context>
    <name>ScannerSettingsDialog</name>
    <message>
        <source>Scanner</source>
        <translation>Máy quét</translation>
    </message>
    <message>
        <source>None (keyboard mode)</source>
        <translation>Không (chế độ bàn phím)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Tốc độ (baud)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Last scan</source>
        <translation>Lần quét gần nhất</translation>
    </message>
    <message>
        <source>Set the scanner to its USB-COM (serial) mode with the barcode in its manual: in keyboard mode it drops the Vietnamese letters.</source>
        <translation>Chuyển máy quét sang chế độ USB-COM (cổng nối tiếp) bằng mã vạch trong sách hướng dẫn của máy: ở chế độ bàn phím, máy làm mất chữ có dấu.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Nothing scanned yet</source>
        <translation>Chưa quét mã nào</translation>
    </message>
    <message>
        <source>(some bytes were not UTF-8)</source>
        <translation>(có byte không phải UTF-8)</translation>
    </message>
</context>
<context>
    <name>ScannerStatusLabel</name>
    <message>
        <source>Scanner: keyboard mode</source>
        <translation>Máy quét: chế độ bàn phím</translation>
    </message>
    <message>
        <source>Scanner: opening %1</source>
        <translation>Máy quét: đang mở %1</translation>
    </message>
    <message>
        <source>Scanner connected (%1)</source>
        <translation>Máy quét đã kết nối (%1)</translation>
    </message>
    <message>
        <source>Scanner not found on %1</source>
        <translation>Không tìm thấy máy quét ở %1</translation>
    </message>
    <message>
        <source>Scanner unplugged from %1: waiting for it</source>
        <translation>Máy quét đã rút khỏi %1: đang chờ cắm lại</translation>
    </message>
</context>
<context>
    <name>SetFeeDialog</name>
    <message>
        <source>Set a fee</source>
        <translation>Đặt mức phí, lệ phí</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Amount per case</source>
        <translation>Mức thu mỗi trường hợp</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Áp dụng từ ngày</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Set up the counter</source>
        <translation>Cài đặt quầy</translation>
    </message>
    <message>
        <source>Administrator&apos;s current password</source>
        <translation>Mật khẩu hiện tại của quản trị viên</translation>
    </message>
    <message>
        <source>Agency id</source>
        <translation>Mã đơn vị</translation>
    </message>
    <message>
        <source>Unit name</source>
        <translation>Tên đơn vị</translation>
    </message>
    <message>
        <source>Place (on forms)</source>
        <translation>Địa danh (trên biểu mẫu)</translation>
    </message>
    <message>
        <source>Counter number</source>
        <translation>Số quầy</translation>
    </message>
    <message>
        <source>Administrator user name</source>
        <translation>Tên đăng nhập quản trị</translation>
    </message>
    <message>
        <source>Administrator full name</source>
        <translation>Họ tên quản trị viên</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>The agency id kept on this counter (%1) is not a ward&apos;s own code, and no dossier carries it yet. Enter the ward&apos;s own code; the administrator confirms with their current password.</source>
        <translation>Mã đơn vị đang lưu trên quầy này (%1) không phải mã riêng của phường, xã và chưa hồ sơ nào mang mã này. Nhập mã riêng của phường, xã; quản trị viên xác nhận bằng mật khẩu hiện tại.</translation>
    </message>
    <message>
        <source>This counter is used for the first time. Enter the unit and create the administrator account.</source>
        <translation>Quầy được dùng lần đầu. Nhập thông tin đơn vị và tạo tài khoản quản trị.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không giống nhau.</translation>
    </message>
    <message>
        <source>The ward&apos;s own electronic identifier under Decision 20/2020/QĐ-TTg (amended by Decision 09/2025/QĐ-TTg); the ward&apos;s dossier codes begin with it.</source>
        <translation>Mã định danh điện tử của chính phường, xã theo Quyết định 20/2020/QĐ-TTg (sửa đổi bởi Quyết định 09/2025/QĐ-TTg); mã hồ sơ của phường, xã bắt đầu bằng mã này.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Received</source>
        <translation>Mới tiếp nhận</translation>
    </message>
    <message>
        <source>In processing</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <source>Supplement requested</source>
        <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
        <source>Result ready</source>
        <translation>Đã có kết quả</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Công dân rút hồ sơ</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Dừng xử lý</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message>
        <source>Sync: not enrolled</source>
        <translation>Đồng bộ: chưa đăng ký</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 chờ gửi</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>lúc %1</translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>lần cuối lúc %1</translation>
    </message>
    <message>
        <source>the server does not accept this counter&apos;s log</source>
        <translation>máy chủ không nhận nhật ký của quầy: báo quản trị</translation>
    </message>
    <message numerus="yes">
        <source>%1 event(s) held back</source>
        <translation>
            <numerusform>%1 sự kiện bị giữ lại</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 change(s) not applied</source>
        <translation>
            <numerusform>%1 thay đổi chưa áp dụng</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync: sending %1/%2</source>
        <translation>Đồng bộ: đang gửi %1/%2</translation>
    </message>
    <message>
        <source>Sync: online</source>
        <translation>Đồng bộ: trực tuyến</translation>
    </message>
    <message>
        <source>Sync: offline</source>
        <translation>Đồng bộ: ngoại tuyến</translation>
    </message>
    <message>
        <source>Sync: refused by the server, enrol again</source>
        <translation>Đồng bộ: máy chủ từ chối, cần đăng ký lại</translation>
    </message>
    <message>
        <source>Sync: connecting…</source>
        <translation>Đồng bộ: đang kết nối…</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>To a counter</source>
        <translation>Sang một quầy</translation>
    </message>
    <message>
        <source>To a service area</source>
        <translation>Sang một khu vực dịch vụ</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Chuyển</translation>
    </message>
    <message>
        <source>Transfer the ticket</source>
        <translation>Chuyển số</translation>
    </message>
</context>
<context>
    <name>WalkInBar</name>
    <message>
        <source>%1 waiting here</source>
        <translation>%1 số đang chờ tại quầy</translation>
    </message>
    <message>
        <source>A walk-in ticket of this counter, printed if it has a printer</source>
        <translation>Cấp một số thứ tự của riêng quầy này, in ra nếu quầy có máy in</translation>
    </message>
    <message>
        <source>Issue a number here</source>
        <translation>Cấp số tại quầy</translation>
    </message>
    <message>
        <source>Last issued</source>
        <translation>Số vừa cấp</translation>
    </message>
    <message>
        <source>No connection to the queue server — issuing numbers at this counter (%1…)</source>
        <translation>Mất kết nối máy chủ hàng đợi — đang cấp số tại quầy (%1…)</translation>
    </message>
    <message>
        <source>Number %1 issued: tell the citizen.</source>
        <translation>Đã cấp số %1: hãy báo số cho công dân.</translation>
    </message>
    <message>
        <source>No number issued here is waiting: issue one with %1.</source>
        <translation>Không có số cấp tại quầy nào đang chờ: bấm %1 để cấp số.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter.</source>
        <translation>Không còn ai chờ quầy này.</translation>
    </message>
    <message>
        <source>Number %1 issued and sent to the printer.</source>
        <translation>Đã cấp số %1 và gửi ra máy in.</translation>
    </message>
    <message>
        <source>The queue server is back — the numbers issued here (%1…) are served first</source>
        <translation>Đã kết nối lại máy chủ hàng đợi — các số cấp tại quầy (%1…) được phục vụ trước</translation>
    </message>
    <message>
        <source>This counter&apos;s number has no walk-in prefix: ask the administrator.</source>
        <translation>Số của quầy này không có tiền tố cấp số tại quầy: hãy hỏi quản trị viên.</translation>
    </message>
</context>
</TS>
