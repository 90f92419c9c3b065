<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Cannot open the window</source>
        <translation>无法打开窗口</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Cannot build the database</source>
        <translation>无法建立数据库</translation>
    </message>
    <message>
        <source>The existing database, if any, was left unchanged.</source>
        <translation>已有的数据库（如有）保持不变。</translation>
    </message>
</context>
<context>
    <name>BuildingScreen</name>
    <message>
        <source>Building the database from the report ({reason})…</source>
        <translation>正在从报告建立数据库（{reason}）…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
