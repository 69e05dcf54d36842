<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
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
    <name>MainWindow</name>
    <message>
        <source>Quầy Một Cửa — %1</source>
        <translation>Quầy Một Cửa — %1</translation>
    </message>
    <message>
        <source>Search by name, ID number, phone or dossier code (Ctrl+F)</source>
        <translation>Tìm theo họ tên, số định danh, điện thoại hoặc mã hồ sơ (Ctrl+F)</translation>
    </message>
    <message>
        <source>Procedures</source>
        <translation>Danh mục thủ tục</translation>
    </message>
    <message>
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>%1 · Counter %2</source>
        <translation>%1 · Quầy số %2</translation>
    </message>
    <message numerus="yes">
        <source>Found: %n</source>
        <translation>
            <numerusform>Tìm thấy: %n hồ sơ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Received today: %n</source>
        <translation>
            <numerusform>Tiếp nhận hôm nay: %n hồ sơ</numerusform>
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
</context>
</TS>
