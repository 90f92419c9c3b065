<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SaveDialog</name>
    <message>
        <source>{name} already exists.
Do you want to replace it?</source>
        <translation>{name} 已存在。
要替换它吗？</translation>
    </message>
</context>
</TS>
