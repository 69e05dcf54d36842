<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DossierList</name>
    <message numerus="yes">
        <source>%n dossier(s)</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrinterStatusLabel</name>
    <message numerus="yes">
        <source>%n paper(s) waiting</source>
        <translation>
            <numerusform>%n paper waiting</numerusform>
            <numerusform>%n papers waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProcedureTableModel</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message numerus="yes">
        <source>%1 event(s) held back</source>
        <translation>
            <numerusform>%1 event held back</numerusform>
            <numerusform>%1 events held back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 change(s) not applied</source>
        <translation>
            <numerusform>%1 change not applied</numerusform>
            <numerusform>%1 changes not applied</numerusform>
        </translation>
    </message>
</context>
</TS>
