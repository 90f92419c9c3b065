<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TableChoice</name>
    <message>
        <source>Filter regions (Chinese, English or pinyin)</source>
        <translation>筛选地区（中文、英文或拼音）</translation>
    </message>
    <message>
        <source>Filter regions…</source>
        <translation>筛选地区…</translation>
    </message>
    <message>
        <source>Filter rows (Chinese, English or pinyin)</source>
        <translation>筛选行（中文、英文或拼音）</translation>
    </message>
    <message>
        <source>Filter rows…</source>
        <translation>筛选行…</translation>
    </message>
</context>
</TS>
