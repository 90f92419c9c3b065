<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChartPlot</name>
    <message>
        <source>This table has one type only: nothing to stack. Choose Bars or Years compared.</source>
        <translation>此表只有一种类型，无法堆叠。请选择条形图或各年对比。</translation>
    </message>
    <message>
        <source>No rows match the table&apos;s filters: nothing to draw.</source>
        <translation>没有符合表格筛选条件的行，无可绘制内容。</translation>
    </message>
</context>
</TS>
