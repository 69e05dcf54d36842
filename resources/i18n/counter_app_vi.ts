<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>DossierTableModel</name>
    <message>
        <location filename="../../counter_app/ui/models.py" line="53" />
        <source>Code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="54" />
        <source>Applicant</source>
        <translation>Người nộp</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="55" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="56" />
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="57" />
        <source>Due</source>
        <translation>Hẹn trả</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="58" />
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="59" />
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="56" />
        <source>Quầy Một Cửa — %1</source>
        <translation>Quầy Một Cửa — %1</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="64" />
        <source>Search by name, ID number, phone or dossier code (Ctrl+F)</source>
        <translation>Tìm theo họ tên, số định danh, điện thoại hoặc mã hồ sơ (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="83" />
        <source>Procedures</source>
        <translation>Danh mục thủ tục</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="86" />
        <source>Dossiers</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/main_window.py" line="96" />
        <source>%1 · Counter %2</source>
        <translation>%1 · Quầy số %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/main_window.py" line="112" />
        <source>Found: %n</source>
        <translation><numerusform>Tìm thấy: %n hồ sơ</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/main_window.py" line="114" />
        <source>Received today: %n</source>
        <translation><numerusform>Tiếp nhận hôm nay: %n hồ sơ</numerusform></translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message>
        <location filename="../../counter_app/ui/models.py" line="129" />
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="129" />
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="129" />
        <source>Field</source>
        <translation>Lĩnh vực</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="129" />
        <source>Time limit</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="143" />
        <source>Same day</source>
        <translation>Trong ngày</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counter_app/ui/models.py" line="145" />
        <source>%n working day(s)</source>
        <translation><numerusform>%n ngày làm việc</numerusform></translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="147" />
        <source>%1 working days</source>
        <translation>%1 ngày làm việc</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../counter_app/ui/models.py" line="24" />
        <source>Received</source>
        <translation>Mới tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="25" />
        <source>In processing</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="26" />
        <source>Supplement requested</source>
        <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="27" />
        <source>Result ready</source>
        <translation>Đã có kết quả</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="28" />
        <source>Returned</source>
        <translation>Đã trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="29" />
        <source>Refused</source>
        <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../counter_app/ui/models.py" line="30" />
        <source>Withdrawn</source>
        <translation>Công dân rút hồ sơ</translation>
    </message>
</context>
</TS>