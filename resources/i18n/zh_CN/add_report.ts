<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddReportTask</name>
    <message>
        <source>Add a report</source>
        <translation>添加报告</translation>
    </message>
    <message>
        <source>Report text (*.txt);;All files (*)</source>
        <translation>报告文本 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Adding {name} to the database…</source>
        <translation>正在将 {name} 添加到数据库…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Add report</source>
        <translation>添加报告</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Added {name}: the database holds the reports of {years}</source>
        <translation>已添加 {name}：数据库现收录 {years} 年年报</translation>
    </message>
    <message>
        <source>Adding the report was cancelled: the database is unchanged</source>
        <translation>已取消添加报告：数据库未改动</translation>
    </message>
    <message>
        <source>Cannot add the report</source>
        <translation>无法添加报告</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}：{problem}</translation>
    </message>
    <message>
        <source>The database was left as it was.</source>
        <translation>数据库保持原样，未作改动。</translation>
    </message>
    <message>
        <source>The report was not added: the database is unchanged</source>
        <translation>报告未添加：数据库未改动</translation>
    </message>
</context>
</TS>
