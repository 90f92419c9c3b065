<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SqlTableModel</name>
    <message>
        <source>Not printed in the {year} edition</source>
        <translation>{year} 年版未印此项</translation>
    </message>
</context>
</TS>
