<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChartPane</name>
    <message>
        <source>Bars</source>
        <translation>条形图</translation>
    </message>
    <message>
        <source>Years compared</source>
        <translation>各年对比</translation>
    </message>
    <message>
        <source>Over the years (lines)</source>
        <translation>历年走势（折线）</translation>
    </message>
    <message>
        <source>Stacked by type</source>
        <translation>按类型堆叠</translation>
    </message>
    <message>
        <source>Change (absolute)</source>
        <translation>增减（绝对值）</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>增长率 %</translation>
    </message>
    <message>
        <source>Share of total</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation>散点图</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Map of change %</source>
        <translation>增长率地图</translation>
    </message>
    <message>
        <source>Map: as the table</source>
        <translation>地图：随表格</translation>
    </message>
    <message>
        <source>China</source>
        <translation>中国</translation>
    </message>
    <message>
        <source>World</source>
        <translation>世界</translation>
    </message>
    <message>
        <source>Quantiles</source>
        <translation>分位数分级</translation>
    </message>
    <message>
        <source>Natural breaks</source>
        <translation>自然断点分级</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>个</translation>
    </message>
    <message>
        <source>×10k</source>
        <translation>万</translation>
    </message>
    <message>
        <source>×100M</source>
        <translation>亿</translation>
    </message>
    <message>
        <source>One kind of region</source>
        <translation>同类地区</translation>
    </message>
    <message>
        <source>Provinces</source>
        <translation>省级行政区</translation>
    </message>
    <message>
        <source>Sub-provincial cities</source>
        <translation>副省级城市</translation>
    </message>
    <message>
        <source>Countries</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>All kinds (mixed)</source>
        <translation>全部类别（混合）</translation>
    </message>
    <message>
        <source>provinces</source>
        <translation>省级行政区</translation>
    </message>
    <message>
        <source>sub-provincial cities</source>
        <translation>副省级城市</translation>
    </message>
    <message>
        <source>countries</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>All observations</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Top </source>
        <translation>前 </translation>
    </message>
    <message>
        <source>Sort by value</source>
        <translation>按数值排序</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>含合计</translation>
    </message>
    <message>
        <source>Which regions are ranked: one kind (provinces are never ranked beside the cities inside them), or all kinds mixed</source>
        <translation>参与排名的地区：同一类别（省不与其辖内城市一同排名），或混合全部类别</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图片…</translation>
    </message>
    <message>
        <source>SVG image…</source>
        <translation>SVG 矢量图…</translation>
    </message>
    <message>
        <source>Chart data (Excel/CSV)…</source>
        <translation>图表数据（Excel/CSV）…</translation>
    </message>
    <message>
        <source>Copy chart</source>
        <translation>复制图表</translation>
    </message>
    <message>
        <source>Copy chart command line</source>
        <translation>复制图表命令行</translation>
    </message>
    <message>
        <source>Copy as Python</source>
        <translation>复制为 Python 代码</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>数值单位</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>配色</translation>
    </message>
    <message>
        <source>Tables 9–12 have provinces and countries: choose the map</source>
        <translation>表9–表12 既有省份也有国家：请选择地图</translation>
    </message>
    <message>
        <source> classes</source>
        <translation> 级</translation>
    </message>
    <message>
        <source>Cities</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>The sub-provincial cities as dots at their seats, area by value</source>
        <translation>副省级城市以圆点标在其驻地，面积表示数值</translation>
    </message>
    <message>
        <source>Loading charts…</source>
        <translation>正在加载图表…</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Cannot draw the chart: {error}</source>
        <translation>无法绘制图表：{error}</translation>
    </message>
    <message>
        <source>{year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <source>Showing {shown} of {regions}</source>
        <translation>显示 {regions} 个中的 {shown} 个</translation>
    </message>
    <message>
        <source>{count} region other than {group}</source>
        <translation>{group}以外的 {count} 个</translation>
    </message>
    <message>
        <source>{count} regions other than {group}</source>
        <translation>{group}以外的 {count} 个</translation>
    </message>
    <message>
        <source>the total (Options › Totals draws it)</source>
        <translation>合计（勾选“选项”中的“含合计”可绘出）</translation>
    </message>
    <message>
        <source>{count} totals (Options › Totals draws them)</source>
        <translation>{count} 个合计（勾选“选项”中的“含合计”可绘出）</translation>
    </message>
    <message>
        <source>{count} without a number</source>
        <translation>{count} 个无数值</translation>
    </message>
    <message>
        <source>left out: {what}</source>
        <translation>未绘出：{what}</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the things a chart leaves out</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Click a point to select its rows, drag to select several, Ctrl adds</source>
        <translation>单击点选择其行，拖动选择多个，Ctrl 追加</translation>
    </message>
    <message>
        <source>Click a line&apos;s point to select its rows, drag to select several, Ctrl adds</source>
        <translation>单击折线上的点选择其行，拖动选择多个，Ctrl 追加</translation>
    </message>
    <message>
        <source>Click a shape to select its row, drag to select several, Ctrl adds</source>
        <translation>单击区域选中其行，拖动可选择多个，按住 Ctrl 追加</translation>
    </message>
    <message>
        <source>Click a bar to select its rows, drag to select several, Ctrl adds</source>
        <translation>单击条形选择其行，拖动选择多个，Ctrl 追加</translation>
    </message>
    <message>
        <source>Only {group} are ranked together: a province is never ranked beside the cities inside it (the regions box above can mix all kinds)</source>
        <translation>仅{group}一同排名：省不与其辖内城市一同排名（上方的地区选项可混合全部类别）</translation>
    </message>
    <message>
        <source>Totals are drawn only with Options › Totals: beside their parts they would dwarf them</source>
        <translation>勾选“选项”中的“含合计”才绘出合计：与其组成部分并列会使各部分显得过小</translation>
    </message>
    <message>
        <source>No rows match the table&apos;s filters: nothing to shade.</source>
        <translation>没有符合表格筛选条件的行：无可填色的地区。</translation>
    </message>
    <message>
        <source>No row of this table is a region on this map: nothing to shade. Choose another chart kind.</source>
        <translation>此表没有能在该地图上显示的地区：无可填色的地区。请选择其他图表类型。</translation>
    </message>
    <message>
        <source>{shaded} region shaded in {classes} class</source>
        <translation>已按 {classes} 级填色 {shaded} 个地区</translation>
    </message>
    <message>
        <source>{shaded} region shaded in {classes} classes</source>
        <translation>已按 {classes} 级填色 {shaded} 个地区</translation>
    </message>
    <message>
        <source>{shaded} regions shaded in {classes} class</source>
        <translation>已按 {classes} 级填色 {shaded} 个地区</translation>
    </message>
    <message>
        <source>{shaded} regions shaded in {classes} classes</source>
        <translation>已按 {classes} 级填色 {shaded} 个地区</translation>
    </message>
    <message>
        <source>kinds mixed: a province&apos;s total includes its cities</source>
        <translation>类别混合：省的合计已包含其辖内城市</translation>
    </message>
    <message>
        <source>scroll for more</source>
        <translation>滚动查看更多</translation>
    </message>
    <message>
        <source>Cannot draw the map: {error}</source>
        <translation>无法绘制地图：{error}</translation>
    </message>
    <message>
        <source>A time series draws at most {n} lines</source>
        <translation>历年走势图最多绘制 {n} 条折线</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Charts of all observations have no command line: choose a table</source>
        <translation>“全部数据”的图表没有命令行：请选择一张表</translation>
    </message>
    <message>
        <source>Export chart data</source>
        <translation>导出图表数据</translation>
    </message>
</context>
</TS>
