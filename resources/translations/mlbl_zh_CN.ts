<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ML Basics Lab</source>
        <translation>关于机器学习基础实验室</translation>
    </message>
    <message>
        <source>(not saved in this session)</source>
        <translation>（本次运行不保存）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ML Basics Lab {version}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;机器学习基础实验室 {version}&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Watch the basics of machine learning work, live, and play with them: drag a slider and see gradient descent react at once.&lt;/p&gt;</source>
        <translation>&lt;p&gt;实时观察机器学习的基础原理如何运作，并动手尝试：拖动滑块，梯度下降立即作出反应。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Licence:&lt;/b&gt; MIT. The app is free to use, copy, change and share.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;许可证：&lt;/b&gt;MIT。本应用可自由使用、复制、修改和分享。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Credits&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;致谢&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The labs follow the tutorial “机器学习基础” (Machine learning basics), sections 1.1 to 1.3: its examples, code and figures are what each lab reproduces and extends.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各实验依照教程《机器学习基础》第 1.1 至 1.3 节：每个实验重现并扩展了教程中的示例、代码和图。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Fashion-MNIST: Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando Research (2017), MIT licence. The Neural Network lab bundles 12,000 of its images.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Fashion-MNIST：Han Xiao、Kashif Rasul 和 Roland Vollgraf，Zalando Research（2017），MIT 许可证。神经网络实验自带其中 12,000 张图像。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Dial photos: four from the amecproject “pressure-gauges” data set on Roboflow (CC BY 4.0); two from Intel&apos;s python-cv-samples (MIT, © 2014–2017 Intel Corporation); two from furuya02&apos;s aws-pressure-gauge-reader (MIT, © 2025 SIN). The sources of each are listed in resources/samples/photos/README.md.&lt;/p&gt;</source>
        <translation>&lt;p&gt;表盘照片：四张来自 Roboflow 上 amecproject 的“pressure-gauges”数据集（CC BY 4.0）；两张来自 Intel 的 python-cv-samples（MIT，© 2014–2017 Intel Corporation）；两张来自 furuya02 的 aws-pressure-gauge-reader（MIT，© 2025 SIN）。每张照片的来源见 resources/samples/photos/README.md。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Built with Qt for Python (PySide6, LGPL 3), pyqtgraph (MIT), superqt (BSD), NumPy (BSD), OpenCV (Apache 2.0) and, for the Neural Network lab, PyTorch and torchvision (BSD).&lt;/p&gt;</source>
        <translation>&lt;p&gt;基于 Qt for Python（PySide6，LGPL 3）、pyqtgraph（MIT）、superqt（BSD）、NumPy（BSD）、OpenCV（Apache 2.0）构建；神经网络实验另用 PyTorch 和 torchvision（BSD）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Where your files go&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;文件保存位置&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Settings: {settings}&lt;/p&gt;</source>
        <translation>&lt;p&gt;设置：{settings}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Log files (what the app did, and the details of any error): {logs}&lt;/p&gt;</source>
        <translation>&lt;p&gt;日志文件（应用的操作记录和错误详情）：{logs}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Downloaded data (the Neural Network lab&apos;s Fashion-MNIST): {data}&lt;/p&gt;</source>
        <translation>&lt;p&gt;下载的数据（神经网络实验的 Fashion-MNIST）：{data}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Nothing is written into the folder the app was started from unless you choose it in a file dialog.&lt;/p&gt;</source>
        <translation>&lt;p&gt;除非你在文件对话框中选择，应用不会向启动它的文件夹写入任何文件。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ActivationsPage</name>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Functions shown</source>
        <translation>显示的函数</translation>
    </message>
    <message>
        <source>g(x) = x for x &gt; 0, {slope}·x otherwise</source>
        <translation>x &gt; 0 时 g(x) = x，否则为 {slope}·x</translation>
    </message>
    <message>
        <source>g(x) = x·Φ(x), Φ the standard normal distribution</source>
        <translation>g(x) = x·Φ(x)，Φ 为标准正态分布函数</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Focus on</source>
        <translation>重点查看</translation>
    </message>
    <message>
        <source>The function whose saturated regions are shaded</source>
        <translation>为该函数标出饱和区域（阴影）</translation>
    </message>
    <message>
        <source>x range</source>
        <translation>x 范围</translation>
    </message>
    <message>
        <source>Threshold ε</source>
        <translation>阈值 ε</translation>
    </message>
    <message>
        <source>Shade where |g′(x)| &lt; ε: there the gradient all but vanishes</source>
        <translation>在 |g′(x)| &lt; ε 处加阴影：那里的梯度几乎消失</translation>
    </message>
    <message>
        <source>At the cursor</source>
        <translation>竖线处的值</translation>
    </message>
    <message>
        <source>Drag the vertical line, or click in a plot to move it.</source>
        <translation>拖动竖线，或在图中单击以移动它。</translation>
    </message>
    <message>
        <source>Activation g(x)</source>
        <translation>激活函数 g(x)</translation>
    </message>
    <message>
        <source>Derivative g′(x)</source>
        <translation>导数 g′(x)</translation>
    </message>
    <message>
        <source>g(x)</source>
        <translation>g(x)</translation>
    </message>
    <message>
        <source>g′(x)</source>
        <translation>g′(x)</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>Drag to read g and g′ at another x</source>
        <translation>拖动以读取另一个 x 处的 g 和 g′</translation>
    </message>
    <message>
        <source>y(1 − y), y = σ(x): the same curve</source>
        <translation>y(1 − y)，y = σ(x)：与导数是同一条曲线</translation>
    </message>
    <message>
        <source>1 − y², y = tanh(x): the same curve</source>
        <translation>1 − y²，y = tanh(x)：与导数是同一条曲线</translation>
    </message>
    <message>
        <source>Shaded, x ≤ 0: ReLU′ = 0 there. A dead unit, one whose input stays negative, passes no gradient back and stops learning.</source>
        <translation>阴影区 x ≤ 0：这里 ReLU′ = 0。输入一直为负的“死亡”单元不会向后传递梯度，也就停止学习。</translation>
    </message>
    <message>
        <source>Shaded, x ≤ 0: Leaky ReLU′ = {slope} is below ε = {eps}, yet never 0, so a unit there still learns, slowly.</source>
        <translation>阴影区 x ≤ 0：Leaky ReLU′ = {slope} 小于 ε = {eps}，但从不为 0，所以那里的单元仍在学习，只是很慢。</translation>
    </message>
    <message>
        <source>Leaky ReLU′ = {slope} for x ≤ 0 is not below ε = {eps}: the small slope keeps every unit learning (no dead units).</source>
        <translation>x ≤ 0 时 Leaky ReLU′ = {slope}，不小于 ε = {eps}：这个小斜率让每个单元都能继续学习（没有死亡单元）。</translation>
    </message>
    <message>
        <source>Nowhere in this range is |g′| below ε = {eps}: {name} passes gradients everywhere here.</source>
        <translation>在此范围内 |g′| 处处不小于 ε = {eps}：{name} 在这里处处都能传递梯度。</translation>
    </message>
    <message>
        <source>Shaded, x ∈ {spans}: here |g′| &lt; {eps} for {name}, so gradients vanish (saturation) and a unit driven this far learns almost nothing.</source>
        <translation>阴影区 x ∈ {spans}：这里 {name} 的 |g′| &lt; {eps}，梯度消失（饱和），被推到这里的单元几乎学不到东西。</translation>
    </message>
    <message>
        <source>x = {x}</source>
        <translation>x = {x}</translation>
    </message>
    <message>
        <source>{name}: g = {g}, g′ = {d}</source>
        <translation>{name}：g = {g}，g′ = {d}</translation>
    </message>
</context>
<context>
    <name>BackpropPage</name>
    <message>
        <source>Data (two classes)</source>
        <translation>数据（两类）</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>Network: 2 → H → 2, softmax cross-entropy</source>
        <translation>网络：2 → H → 2，softmax 交叉熵</translation>
    </message>
    <message>
        <source>Hidden units H</source>
        <translation>隐藏单元数 H</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Initial weights seed</source>
        <translation>初始权重种子</translation>
    </message>
    <message>
        <source>Momentum 0.9</source>
        <translation>动量 0.9</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Play or pause the training (Space)</source>
        <translation>播放或暂停训练（空格键）</translation>
    </message>
    <message>
        <source>One full-batch gradient step (.)</source>
        <translation>执行一步全批量梯度下降（.）</translation>
    </message>
    <message>
        <source>Reset weights</source>
        <translation>重置权重</translation>
    </message>
    <message>
        <source>step {i} / {n}</source>
        <translation>第 {i} / {n} 步</translation>
    </message>
    <message>
        <source>One step back through the history (,)</source>
        <translation>沿历史后退一步（,）</translation>
    </message>
    <message>
        <source>Speed (steps/s)</source>
        <translation>速度（步/秒）</translation>
    </message>
    <message>
        <source>How many gradient steps run per second</source>
        <translation>每秒运行多少次梯度步</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Compare the numpy backward pass with finite differences and with torch autograd, in float64</source>
        <translation>用 float64 将 numpy 实现的反向传播与有限差分和 torch autograd 进行比较</translation>
    </message>
    <message>
        <source>Decision regions, boundary at P = 0.5</source>
        <translation>决策区域，边界为 P = 0.5</translation>
    </message>
    <message>
        <source>Each point of the plane tinted by the network&apos;s P(class 2): blue near 0, orange near 1. The black line is where P(class 2) = 0.5.</source>
        <translation>平面上每一点按网络给出的 P(第 2 类) 着色：接近 0 为蓝色，接近 1 为橙色。黑线是 P(第 2 类) = 0.5 的位置。</translation>
    </message>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Accuracy (dashed: a line)</source>
        <translation>准确率（虚线：直线边界）</translation>
    </message>
    <message>
        <source>Training accuracy after each step; the dashed line is the best straight line&apos;s (logistic regression).</source>
        <translation>每一步之后的训练准确率；虚线是最佳直线（逻辑回归）的准确率。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The seed&apos;s derivation&lt;/b&gt;&lt;br&gt;h = xW₁ + b₁, a = g(h), z = aW₂ + b₂, p = softmax(z)&lt;br&gt;L = −(1/m) Σ ln p&lt;sub&gt;k&lt;/sub&gt;&lt;br&gt;∂L/∂z = (p − y)/m&lt;br&gt;∂L/∂W₂ = aᵀ ∂L/∂z, ∂L/∂b₂ = Σ ∂L/∂z&lt;br&gt;∂L/∂a = ∂L/∂z W₂ᵀ, ∂L/∂h = ∂L/∂a ⊙ g′(h)&lt;br&gt;∂L/∂W₁ = xᵀ ∂L/∂h, ∂L/∂b₁ = Σ ∂L/∂h</source>
        <translation>&lt;b&gt;教程中的推导&lt;/b&gt;&lt;br&gt;h = xW₁ + b₁, a = g(h), z = aW₂ + b₂, p = softmax(z)&lt;br&gt;L = −(1/m) Σ ln p&lt;sub&gt;k&lt;/sub&gt;&lt;br&gt;∂L/∂z = (p − y)/m&lt;br&gt;∂L/∂W₂ = aᵀ ∂L/∂z, ∂L/∂b₂ = Σ ∂L/∂z&lt;br&gt;∂L/∂a = ∂L/∂z W₂ᵀ, ∂L/∂h = ∂L/∂a ⊙ g′(h)&lt;br&gt;∂L/∂W₁ = xᵀ ∂L/∂h, ∂L/∂b₁ = Σ ∂L/∂h</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>The chain rule through softmax for the first point, with the numbers of the step shown</source>
        <translation>第一个点经过 softmax 的链式法则，代入当前所示步的数值</translation>
    </message>
    <message>
        <source>Forward: the hidden layer, its activation g</source>
        <translation>前向：隐藏层及其激活函数 g</translation>
    </message>
    <message>
        <source>The output layer&apos;s scores z, made probabilities by softmax</source>
        <translation>输出层的得分 z，经 softmax 变成概率</translation>
    </message>
    <message>
        <source>The loss of this point: minus the log of its own class&apos;s probability</source>
        <translation>这个点的损失：它所属类别概率的负对数</translation>
    </message>
    <message>
        <source>Backward: softmax and cross-entropy together give the simplest derivative, p minus the one-hot y</source>
        <translation>反向：softmax 与交叉熵合在一起，导数最简单，就是 p 减去 one-hot 的 y</translation>
    </message>
    <message>
        <source>The output layer&apos;s gradients</source>
        <translation>输出层的梯度</translation>
    </message>
    <message>
        <source>Sent back to the hidden layer through W₂</source>
        <translation>经 W₂ 传回隐藏层</translation>
    </message>
    <message>
        <source>Through the activation: times its slope at h</source>
        <translation>穿过激活函数：乘以它在 h 处的斜率</translation>
    </message>
    <message>
        <source>The first layer&apos;s gradients</source>
        <translation>第一层的梯度</translation>
    </message>
    <message>
        <source>The step uses the mean of every point&apos;s gradient</source>
        <translation>每一步使用所有点梯度的平均值</translation>
    </message>
    <message>
        <source>Step {step}, the first point (class {label})</source>
        <translation>第 {step} 步，第一个点（类别 {label}）</translation>
    </message>
    <message>
        <source>Vectors show their first {n} entries and, in brackets, how many there are; matrices are read row by row.</source>
        <translation>向量只显示前 {n} 个分量，括号中是分量总数；矩阵按行读取。</translation>
    </message>
    <message>
        <source>Backpropagation</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Diverged after step {step}: the loss overflowed at learning rate {lr}. The last weights with a finite loss are kept; lower the rate and play again.</source>
        <translation>第 {step} 步后发散：学习率 {lr} 下损失溢出。已保留损失仍为有限值的最后一组权重；请降低学习率后再播放。</translation>
    </message>
    <message>
        <source>Diverged after step {step}: the loss exploded to {loss} at learning rate {lr} (it started near 0.69). Lower the rate and reset the weights.</source>
        <translation>第 {step} 步后发散：学习率 {lr} 下损失暴涨到 {loss}（起始约为 0.69）。请降低学习率并重置权重。</translation>
    </message>
    <message>
        <source>Step {step}: loss {loss}, training accuracy {acc}</source>
        <translation>第 {step} 步：损失 {loss}，训练准确率 {acc}</translation>
    </message>
    <message>
        <source>Best straight line (logistic regression): {acc}</source>
        <translation>最佳直线（逻辑回归）：{acc}</translation>
    </message>
    <message>
        <source>Parameters: {n} (W₁ 2×{h}, b₁ {h}, W₂ {h}×2, b₂ 2)</source>
        <translation>参数：{n} 个（W₁ 2×{h}，b₁ {h}，W₂ {h}×2，b₂ 2）</translation>
    </message>
    <message>
        <source>About {rate} steps per second</source>
        <translation>每秒约 {rate} 步</translation>
    </message>
    <message>
        <source>&lt;b&gt;The hidden layer bends the boundary: a straight line cannot do this.&lt;/b&gt;</source>
        <translation>&lt;b&gt;隐藏层让边界弯曲：一条直线做不到这一点。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The gradient check failed: {error}</source>
        <translation>梯度检验失败：{error}</translation>
    </message>
    <message>
        <source>Checking the gradients …</source>
        <translation>正在检验梯度 …</translation>
    </message>
    <message>
        <source>Gradient check: press the button to compare the numpy gradients with finite differences and torch autograd.</source>
        <translation>梯度检验：按下按钮，将 numpy 计算的梯度与有限差分和 torch autograd 比较。</translation>
    </message>
    <message>
        <source>Finite differences agree: the backward pass is right.</source>
        <translation>有限差分一致：反向传播是正确的。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gradient check&lt;/b&gt; at step {step}, all {n} parameters, largest relative error:&lt;br&gt;finite differences {fd}&lt;br&gt;{verdict}&lt;br&gt;{autograd}</source>
        <translation>&lt;b&gt;梯度检验&lt;/b&gt;（第 {step} 步，全部 {n} 个参数），最大相对误差：&lt;br&gt;有限差分 {fd}&lt;br&gt;{verdict}&lt;br&gt;{autograd}</translation>
    </message>
    <message>
        <source>Both agree: the backward pass is right.</source>
        <translation>两者一致：反向传播是正确的。</translation>
    </message>
    <message>
        <source>Larger than expected: with ReLU a point may sit on a kink, where finite differences are not a derivative.</source>
        <translation>比预期大：使用 ReLU 时某个点可能正好落在折点上，那里的有限差分并不是导数。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gradient check&lt;/b&gt; at step {step}, all {n} parameters, largest relative error:&lt;br&gt;finite differences {fd} · torch autograd {ag}&lt;br&gt;{verdict}</source>
        <translation>&lt;b&gt;梯度检验&lt;/b&gt;（第 {step} 步，全部 {n} 个参数），最大相对误差：&lt;br&gt;有限差分 {fd} · torch autograd {ag}&lt;br&gt;{verdict}</translation>
    </message>
</context>
<context>
    <name>BatchBox</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Angle</source>
        <translation>角度</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <source>On the scale</source>
        <translation>在刻度范围内</translation>
    </message>
    <message>
        <source>Confidence or error</source>
        <translation>置信度或错误</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export the table as CSV…</source>
        <translation>将表格导出为 CSV…</translation>
    </message>
    <message>
        <source>Close the table</source>
        <translation>关闭表格</translation>
    </message>
    <message>
        <source>The controls have changed since this table was read.</source>
        <translation>读取此表格之后，设置已经改变。</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{confidence} (unreliable: the line misses the needle)</source>
        <translation>{confidence}（不可靠：直线没有贴合指针）</translation>
    </message>
    <message>
        <source>Looking for images …</source>
        <translation>正在查找图像…</translation>
    </message>
    <message>
        <source>Reading image {k} of {n} …</source>
        <translation>正在读取第 {k} 张图像（共 {n} 张）…</translation>
    </message>
    <message>
        <source>Stopped after {k} of {n} images.</source>
        <translation>已停止：共 {n} 张图像，已读取 {k} 张。</translation>
    </message>
    <message>
        <source>The batch stopped: see the message above.</source>
        <translation>批量读取已中止：请看上方的提示。</translation>
    </message>
    <message>
        <source>Finished {k} of {n} images ({failed} could not be read).</source>
        <translation>已完成：共 {n} 张图像，已处理 {k} 张（其中 {failed} 张无法读取）。</translation>
    </message>
    <message>
        <source>Finished {k} of {n} images.</source>
        <translation>已完成：共 {n} 张图像，已处理 {k} 张。</translation>
    </message>
    <message>
        <source>The previous batch was stopped after {k} of {n} images.</source>
        <translation>上一批已停止：共 {n} 张图像，当时已读取 {k} 张。</translation>
    </message>
    <message>
        <source>The previous batch was stopped before it read an image.</source>
        <translation>上一批在读取任何图像之前就已停止。</translation>
    </message>
</context>
<context>
    <name>BatchLossView</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>moving average over {n} batches</source>
        <translation>最近 {n} 批的滑动平均</translation>
    </message>
</context>
<context>
    <name>CalibrationBox</name>
    <message>
        <source>Pivot and calibration</source>
        <translation>转轴与标定</translation>
    </message>
    <message>
        <source>Click the pivot</source>
        <translation>点击转轴</translation>
    </message>
    <message>
        <source>Click the minimum mark</source>
        <translation>点击最小刻度</translation>
    </message>
    <message>
        <source>Click the maximum mark</source>
        <translation>点击最大刻度</translation>
    </message>
    <message>
        <source>Click an extra mark</source>
        <translation>点击额外刻度</translation>
    </message>
    <message>
        <source>Values grow clockwise</source>
        <translation>数值顺时针增大</translation>
    </message>
    <message>
        <source>Values grow counterclockwise</source>
        <translation>数值逆时针增大</translation>
    </message>
    <message>
        <source>Clear pivot and marks</source>
        <translation>清除转轴和刻度</translation>
    </message>
    <message>
        <source>clicked</source>
        <translation>手动点击</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Pivot: {pivot}; minimum mark: {low}; maximum mark: {high}; extra marks: {n}</source>
        <translation>转轴：{pivot}；最小刻度：{low}；最大刻度：{high}；额外刻度：{n} 个</translation>
    </message>
    <message>
        <source>Pivot: {pivot}; minimum mark: {low}; maximum mark: {high}</source>
        <translation>转轴：{pivot}；最小刻度：{low}；最大刻度：{high}</translation>
    </message>
</context>
<context>
    <name>ChainRulePage</name>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Backward pass</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play backward pass</source>
        <translation>播放反向传播</translation>
    </message>
    <message>
        <source>Play or pause the backward pass (Space)</source>
        <translation>播放或暂停反向传播（空格键）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One more edge of the backward pass (.)</source>
        <translation>反向传播再走一条边（.）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>c = a + b    d = b + 1    e = c · d      blue: forward values, red: gradients ∂e/∂·</source>
        <translation>c = a + b    d = b + 1    e = c · d      蓝色：前向值，红色：梯度 ∂e/∂·</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>Forward pass done: every node holds its value. Play or step to send ∂e/∂e = 1 back.</source>
        <translation>前向传播完成：每个节点都有了自己的值。播放或单步，把 ∂e/∂e = 1 向后传。</translation>
    </message>
    <message>
        <source>Edge {k} of {n}: ∂e/∂{dst} += ∂e/∂{src} × ∂{src}/∂{dst} = {up} × {local} = {contrib}</source>
        <translation>第 {k} 条边（共 {n} 条）：∂e/∂{dst} += ∂e/∂{src} × ∂{src}/∂{dst} = {up} × {local} = {contrib}</translation>
    </message>
    <message>
        <source>(b&apos;s second path: the two contributions add up to {total})</source>
        <translation>（b 的第二条路径：两部分贡献相加得 {total}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Forward&lt;/b&gt;: c = a + b = {c}, d = b + 1 = {d}, e = c·d = {e}</source>
        <translation>&lt;b&gt;前向&lt;/b&gt;：c = a + b = {c}，d = b + 1 = {d}，e = c·d = {e}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Local derivatives&lt;/b&gt;: ∂e/∂c = d = {d}, ∂e/∂d = c = {c}, ∂c/∂a = ∂c/∂b = ∂d/∂b = 1</source>
        <translation>&lt;b&gt;局部导数&lt;/b&gt;：∂e/∂c = d = {d}，∂e/∂d = c = {c}，∂c/∂a = ∂c/∂b = ∂d/∂b = 1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chain rule&lt;/b&gt;: ∂e/∂a = ∂e/∂c·∂c/∂a = d = b + 1 = {da}</source>
        <translation>&lt;b&gt;链式法则&lt;/b&gt;：∂e/∂a = ∂e/∂c·∂c/∂a = d = b + 1 = {da}</translation>
    </message>
    <message>
        <source>∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = d + c = a + 2b + 1 = {db}</source>
        <translation>∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = d + c = a + 2b + 1 = {db}</translation>
    </message>
    <message>
        <source>&lt;b&gt;torch autograd&lt;/b&gt;: not available ({error}). The derivatives above are worked out by hand and stand on their own.</source>
        <translation>&lt;b&gt;torch autograd&lt;/b&gt;：不可用（{error}）。上面的导数是手工推导的，本身即可成立。</translation>
    </message>
    <message>
        <source>torch autograd: loading torch …</source>
        <translation>torch autograd：正在加载 torch …</translation>
    </message>
    <message>
        <source>matches</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>DIFFERS</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>&lt;b&gt;torch autograd&lt;/b&gt; (float64): ∂e/∂a = {ga}, ∂e/∂b = {gb} — {verdict} (largest difference {diff})</source>
        <translation>&lt;b&gt;torch autograd&lt;/b&gt;（float64）：∂e/∂a = {ga}，∂e/∂b = {gb} — {verdict}（最大差值 {diff}）</translation>
    </message>
</context>
<context>
    <name>ColumnDialog</name>
    <message>
        <source>column {number} “{name}”</source>
        <translation>第 {number} 列“{name}”</translation>
    </message>
    <message>
        <source>column {number}</source>
        <translation>第 {number} 列</translation>
    </message>
    <message>
        <source>Choose the columns</source>
        <translation>选择数据列</translation>
    </message>
    <message>
        <source>The header row of {name} does not say which column is which. Choose a column for each role:</source>
        <translation>{name} 的表头没有说明哪一列是什么。请为每个用途选择一列：</translation>
    </message>
    <message>
        <source>label</source>
        <comment>the column of class labels</comment>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>ConceptsCommon</name>
    <message>
        <source>{name}: the box was left empty. It takes {lo} to {hi}; the value stays {kept}.</source>
        <translation>{name}：输入框为空。可输入 {lo} 至 {hi}；数值保持为 {kept}。</translation>
    </message>
    <message>
        <source>{name}: “{typed}” is not a number. The box takes {lo} to {hi}; the value stays {kept}.</source>
        <translation>{name}：“{typed}”不是数字。可输入 {lo} 至 {hi}；数值保持为 {kept}。</translation>
    </message>
    <message>
        <source>{name}: {typed} is not a whole number. The box takes {lo} to {hi}; the value stays {kept}.</source>
        <translation>{name}：{typed} 不是整数。可输入 {lo} 至 {hi}；数值保持为 {kept}。</translation>
    </message>
    <message>
        <source>{name}: {typed} is outside the range {lo} to {hi}; the value stays {kept}.</source>
        <translation>{name}：{typed} 超出范围 {lo} 至 {hi}；数值保持为 {kept}。</translation>
    </message>
</context>
<context>
    <name>ConceptsPanel</name>
    <message>
        <source>Concepts</source>
        <translation>概念</translation>
    </message>
    <message>
        <source>The Concepts lab makes its own data: there is nothing to import here.</source>
        <translation>概念实验室自己生成数据，这里没有可导入的内容。</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Show rates (each row sums to 1)</source>
        <translation>显示比例（每行之和为 1）</translation>
    </message>
    <message>
        <source>↓ true class</source>
        <translation>↓ 真实类别</translation>
    </message>
    <message>
        <source>predicted class →</source>
        <translation>预测类别 →</translation>
    </message>
    <message>
        <source>Rows: the true class; columns: the class predicted. Click a cell to see its test images.</source>
        <translation>行 = 真实类别，列 = 预测类别。点击单元格可查看其中的测试图像。</translation>
    </message>
    <message>
        <source>Train for an epoch (or open a model) to look inside.</source>
        <translation>训练一轮（或打开一个模型）后，这里会显示结果。</translation>
    </message>
    <message>
        <source>Most confused: {pairs}</source>
        <translation>最容易混淆：{pairs}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{a} ↔ {b} ({n})</source>
        <translation>{a} ↔ {b}（{n} 张）</translation>
    </message>
    <message>
        <source>True {true}, predicted {pred}: {n} test images (the first {k})</source>
        <translation>真实为{true}、预测为{pred}的测试图像：{n} 张（显示前 {k} 张）</translation>
    </message>
    <message>
        <source>True {true}, predicted {pred}: {n} test images</source>
        <translation>真实为{true}、预测为{pred}的测试图像：{n} 张</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>ML Basics Lab: unexpected error</source>
        <translation>机器学习基础实验室：意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside ML Basics Lab. The app keeps running, but what you were doing may not have finished. The details below were also written to {path}; please include them if you report the problem.</source>
        <translation>机器学习基础实验室内部出错。应用仍在运行，但刚才的操作可能没有完成。以下详情也已写入 {path}；报告问题时请附上这些详情。</translation>
    </message>
    <message>
        <source>Something went wrong inside ML Basics Lab. The app keeps running, but what you were doing may not have finished. Please include the details below if you report the problem.</source>
        <translation>机器学习基础实验室内部出错。应用仍在运行，但刚才的操作可能没有完成。报告问题时请附上以下详情。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
</context>
<context>
    <name>DescentLab</name>
    <message>
        <source>{first} {second}</source>
        <comment>two sentences in a row</comment>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <source>The learning rate must be a positive number (got {lr}).</source>
        <translation>学习率必须是正数（当前为 {lr}）。</translation>
    </message>
    <message>
        <source>“{text}” is not a learning rate between {lo} and {hi}; the rate stays {lr}.</source>
        <translation>“{text}”不是 {lo} 到 {hi} 之间的学习率；学习率保持为 {lr}。</translation>
    </message>
    <message>
        <source>Loading {name} …</source>
        <translation>正在加载 {name} …</translation>
    </message>
    <message>
        <source>Loaded {n} points from {name}.</source>
        <translation>已从 {name} 加载 {n} 个点。</translation>
    </message>
    <message>
        <source>Could not use {name}: {error}</source>
        <translation>无法使用 {name}：{error}</translation>
    </message>
    <message>
        <source>Choose the columns of {name}.</source>
        <translation>请选择 {name} 中要用的列。</translation>
    </message>
</context>
<context>
    <name>DialReaderPanel</name>
    <message>
        <source>Dial reader</source>
        <translation>表盘读数</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>— a bundled sample —</source>
        <translation>— 选择自带示例 —</translation>
    </message>
    <message>
        <source>Line fit</source>
        <translation>直线拟合</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Total least squares (any angle)</source>
        <translation>总体最小二乘（任意角度）</translation>
    </message>
    <message>
        <source>Robust (Huber)</source>
        <translation>稳健拟合（Huber）</translation>
    </message>
    <message>
        <source>The seed&apos;s: y on x (fails when vertical)</source>
        <translation>教程所用：y 对 x 回归（竖直时失效）</translation>
    </message>
    <message>
        <source>Resize to 250×250 (the seed&apos;s)</source>
        <translation>缩放到 250×250（教程的做法）</translation>
    </message>
    <message>
        <source>Off: keep full resolution (large photos are read on a copy at most 1000 pixels wide)</source>
        <translation>不勾选：保持原始分辨率（大照片在最宽 1000 像素的副本上读取）</translation>
    </message>
    <message>
        <source>Send pixels to the Linear Regression lab</source>
        <translation>把像素发送到线性回归实验</translation>
    </message>
    <message>
        <source>The seed&apos;s path: the mask pixels as points (x = column, y = height − row)</source>
        <translation>教程的做法：把掩膜像素当作数据点（x = 列，y = 高度 − 行）</translation>
    </message>
    <message>
        <source>Opening {name} …</source>
        <translation>正在打开 {name} …</translation>
    </message>
    <message>
        <source>Could not open {name}: {error}</source>
        <translation>无法打开 {name}：{error}</translation>
    </message>
    <message>
        <source>clipboard image</source>
        <translation>剪贴板图像</translation>
    </message>
    <message>
        <source>Paste an image or an image file (Ctrl+V)</source>
        <translation>粘贴图像或图像文件（Ctrl+V）</translation>
    </message>
    <message>
        <source>{name} opened, but no dial could be read: {error}</source>
        <translation>已打开 {name}，但无法读取表盘：{error}</translation>
    </message>
    <message>
        <source>{name}: reading {value}, needle at {angle}° (confidence {conf}).</source>
        <translation>{name}：读数 {value}，指针位于 {angle}°（置信度 {conf}）。</translation>
    </message>
    <message>
        <source>{name}: needle at {angle}° (confidence {conf}).</source>
        <translation>{name}：指针位于 {angle}°（置信度 {conf}）。</translation>
    </message>
    <message>
        <source>dropped picture</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <source>The clipboard holds no image. Copy a picture (or an image file) and paste again.</source>
        <translation>剪贴板中没有图像。请复制一张图片（或图像文件）后再粘贴。</translation>
    </message>
    <message>
        <source>Open a dial photo</source>
        <translation>打开表盘照片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)</translation>
    </message>
    <message>
        <source>Read every dial in a folder</source>
        <translation>读取文件夹中的所有表盘</translation>
    </message>
    <message>
        <source>“{url}” is a web address; the lab reads files on this computer. Save the image first.</source>
        <translation>“{url}”是网址；本实验只读取本机上的文件。请先保存图像。</translation>
    </message>
    <message>
        <source>Text was dropped, not an image: drop a photo file, a folder, or several files.</source>
        <translation>拖入的是文字而不是图像：请拖入照片文件、文件夹或多个文件。</translation>
    </message>
    <message>
        <source>Looking for images …</source>
        <translation>正在查找图像…</translation>
    </message>
    <message>
        <source>No images (PNG, JPEG, BMP, WebP, TIFF, GIF) there.</source>
        <translation>那里没有图像（PNG、JPEG、BMP、WebP、TIFF、GIF）。</translation>
    </message>
    <message>
        <source>The batch stopped: {error}</source>
        <translation>批量读取已中止：{error}</translation>
    </message>
    <message>
        <source>Stopped after {k} of {n} images.</source>
        <translation>已停止：共 {n} 张图像，已读取 {k} 张。</translation>
    </message>
    <message>
        <source>Read {ok} of {n} images.</source>
        <translation>已读取 {n} 张图像中的 {ok} 张。</translation>
    </message>
    <message>
        <source>Export readings</source>
        <translation>导出读数</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {n} readings to {path}.</source>
        <translation>已将 {n} 条读数保存到 {path}。</translation>
    </message>
    <message>
        <source>The line misses the needle (residual {rms} px, confidence {conf}): the angle is unreliable. Choose total least squares.</source>
        <translation>直线没有贴合指针（残差 {rms} 像素，置信度 {conf}）：角度不可靠。请选择总体最小二乘。</translation>
    </message>
    <message>
        <source>The needle points outside the marked scale: the reading {value} is extrapolated past the marks.</source>
        <translation>指针超出了标定的刻度范围：读数 {value} 是越过刻度外推得到的。</translation>
    </message>
    <message>
        <source>confidence {conf} · {n} needle pixels · pivot: {source} · residual {rms} px</source>
        <translation>置信度 {conf} · 指针像素 {n} 个 · 转轴：{source} · 残差 {rms} 像素</translation>
    </message>
    <message>
        <source>Set the pivot first: the marks are angles seen from it.</source>
        <translation>请先设置转轴：刻度是从转轴看过去的角度。</translation>
    </message>
    <message>
        <source>Drop a photo, a folder or several files here, paste, or pick a sample.</source>
        <translation>把照片、文件夹或多个文件拖到这里，或粘贴，或选择示例。</translation>
    </message>
    <message>
        <source>{name}: {w}×{h} pixels</source>
        <translation>{name}：{w}×{h} 像素</translation>
    </message>
    <message>
        <source>No reading yet</source>
        <translation>尚无读数</translation>
    </message>
    <message>
        <source>No reading: see the message</source>
        <translation>无读数：请看提示</translation>
    </message>
    <message>
        <source>Reading {value}  ({angle}°)</source>
        <translation>读数 {value}（{angle}°）</translation>
    </message>
    <message>
        <source>Needle at {angle}°</source>
        <translation>指针位于 {angle}°</translation>
    </message>
    <message>
        <source>clicked</source>
        <translation>手动点击</translation>
    </message>
    <message>
        <source>dial centre</source>
        <translation>表盘中心</translation>
    </message>
    <message>
        <source>needle&apos;s wide end</source>
        <translation>指针较宽的一端</translation>
    </message>
    <message>
        <source>Read a dial first: there are no needle pixels to send.</source>
        <translation>请先读取表盘：还没有可发送的指针像素。</translation>
    </message>
</context>
<context>
    <name>DialViews</name>
    <message>
        <source>Photo, needle and pivot</source>
        <translation>照片、指针与转轴</translation>
    </message>
    <message>
        <source>HSV mask (needle in white)</source>
        <translation>HSV 掩膜（指针为白色）</translation>
    </message>
    <message>
        <source>Mask pixels and fitted line</source>
        <translation>掩膜像素与拟合直线</translation>
    </message>
    <message>
        <source>The seed&apos;s figure: x = column, y = height − row</source>
        <translation>教程的图：x = 列，y = 高度 − 行</translation>
    </message>
    <message>
        <source>x = column</source>
        <translation>x = 列</translation>
    </message>
    <message>
        <source>y = height − row</source>
        <translation>y = 高度 − 行</translation>
    </message>
</context>
<context>
    <name>EpochView</name>
    <message>
        <source>Per epoch: loss and accuracy</source>
        <translation>每轮：损失与准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>best test accuracy (epoch {e})</source>
        <translation>最佳测试准确率（第 {e} 轮）</translation>
    </message>
</context>
<context>
    <name>Extras</name>
    <message>
        <source>This lab trains with PyTorch, which is not installed: it comes with the app&apos;s extra “nn”. Add it with this command, then restart the app:
{command}</source>
        <translation>本实验用 PyTorch 训练，但它没有安装：它属于本应用的可选组件“nn”。用下面的命令添加，然后重新启动应用：
{command}</translation>
    </message>
    <message>
        <source>torch autograd&apos;s check needs PyTorch, which is not installed (the app&apos;s extra “nn”); the derivatives here stand on their own. To add it: {command}</source>
        <translation>torch autograd 的核对需要 PyTorch，但它没有安装（本应用的可选组件“nn”）；这里的导数本身即可成立。添加方法：{command}</translation>
    </message>
    <message>
        <source>Downloading needs torchvision, which is not installed (the app&apos;s extra “nn”). Add it with: {command}</source>
        <translation>下载需要 torchvision，但它没有安装（本应用的可选组件“nn”）。添加命令：{command}</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <source>Mistakes only</source>
        <translation>只看分错的</translation>
    </message>
</context>
<context>
    <name>LinearRegressionPanel</name>
    <message>
        <source>Linear regression</source>
        <translation>线性回归</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Slope</source>
        <translation>斜率</translation>
    </message>
    <message>
        <source>Intercept</source>
        <translation>截距</translation>
    </message>
    <message>
        <source>Noise (σ)</source>
        <translation>噪声 (σ)</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed settings</source>
        <translation>套用教程参数</translation>
    </message>
    <message>
        <source>The tutorial&apos;s own loop: lr 5e-5, intercept rate ×10000, 3000 iterations from k = b = 1, on dial-pointer-like data with x in 100–200</source>
        <translation>教程原本的循环：学习率 5e-5，截距学习率 ×10000，从 k = b = 1 出发迭代 3000 次，数据与表盘指针像素相似，x 在 100–200 之间</translation>
    </message>
    <message>
        <source>Show residuals</source>
        <translation>显示残差</translation>
    </message>
    <message>
        <source>Vertical segments from each point to the current line: the errors h(x) − y that J squares (at most 2,000 of the points drawn)</source>
        <translation>从每个点到当前直线的竖直线段：即 J 中被平方的误差 h(x) − y（最多画出 2,000 个点的线段）</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Load x,y points from a CSV file (a header row is allowed)</source>
        <translation>从 CSV 文件读取 x,y 点（可以有表头行）</translation>
    </message>
    <message>
        <source>On the data plot: click to add a point, drag a point to move it, right-click a point to delete it. On the loss surface: click to start the descent there.</source>
        <translation>在数据图上：单击添加点，拖动点以移动它，右键单击点以删除它。在损失曲面上：单击即从该处开始下降。</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>Step size for the slope (log scale)</source>
        <translation>斜率的步长（对数刻度）</translation>
    </message>
    <message>
        <source>Intercept rate ×</source>
        <translation>截距学习率 ×</translation>
    </message>
    <message>
        <source>The intercept&apos;s learning rate is α times this factor (the seed used 10000)</source>
        <translation>截距的学习率是 α 乘以这个系数（教程用的是 10000）</translation>
    </message>
    <message>
        <source>Standardize x (descend on (x − mean)/std)</source>
        <translation>标准化 x（对 (x − 均值)/标准差 做梯度下降）</translation>
    </message>
    <message>
        <source>Makes the loss surface round, so one learning rate suits both parameters. Coefficients are always reported in the original units.</source>
        <translation>让损失曲面变圆，一个学习率就能同时适合两个参数。系数始终以原始单位显示。</translation>
    </message>
    <message>
        <source>Iteration cap</source>
        <translation>迭代上限</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>Stop when the loss falls by less than this fraction in one iteration</source>
        <translation>当一次迭代中损失下降的比例小于此值时停止</translation>
    </message>
    <message>
        <source>Start (b, k)</source>
        <translation>起点 (b, k)</translation>
    </message>
    <message>
        <source>Iteration 0 of this run, in the data&apos;s units: where Reset goes back to</source>
        <translation>本次运行第 0 次迭代的位置（数据的原始单位），也就是“重置”回到的地方</translation>
    </message>
    <message>
        <source>Jump to the exact answer</source>
        <translation>跳到精确解</translation>
    </message>
    <message>
        <source>Start the descent at the least-squares answer θ* (the normal equations&apos; solution): the line, the point on the surface and the numbers show it exactly, and the gradient there is zero. The run so far is replaced by one that starts at θ*: Reset comes back here, Back has nothing before it; click the loss surface to start elsewhere.</source>
        <translation>从最小二乘解 θ*（正规方程的解）开始梯度下降：直线、损失曲面上的点和数值都精确显示它，该处的梯度为零。到目前为止的运行会被一次从 θ* 开始的运行取代：“重置”回到这里，“后退”之前没有内容；单击损失曲面可从别处开始。</translation>
    </message>
    <message>
        <source>Explain each step</source>
        <translation>逐步讲解</translation>
    </message>
    <message>
        <source>Step and Back open the Formulas tab: the old θ, the gradient, α·gradient and the new θ, as numbers</source>
        <translation>“单步”和“后退”会打开“公式”页：以数值显示旧的 θ、梯度、α·梯度和新的 θ</translation>
    </message>
    <message>
        <source>Mini-batch SGD</source>
        <translation>小批量 SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>AdaGrad</source>
        <translation>AdaGrad</translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>GD</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Update rule</source>
        <translation>更新规则</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>How each step uses the gradient (torch.optim&apos;s rules and defaults). Choosing another rule starts the run again.</source>
        <translation>每一步如何使用梯度（与 torch.optim 的规则和默认值相同）。换一种规则会重新开始运行。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>all points</source>
        <translation>全部点</translation>
    </message>
    <message>
        <source>Points per step, reshuffled each epoch (0: all points, the full batch)</source>
        <translation>每一步使用的点数，每轮重新打乱（0：全部点，即全批量）</translation>
    </message>
    <message>
        <source>Momentum μ</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <source>How much of the last step carries on (default 0.9)</source>
        <translation>上一步保留下来的比例（默认 0.9）</translation>
    </message>
    <message>
        <source>Adam&apos;s decay of the mean gradient m (default 0.9)</source>
        <translation>Adam 中梯度均值 m 的衰减率（默认 0.9）</translation>
    </message>
    <message>
        <source>Adam&apos;s decay of the mean squared gradient v (default 0.999)</source>
        <translation>Adam 中梯度平方均值 v 的衰减率（默认 0.999）</translation>
    </message>
    <message>
        <source>Added to √v so the step stays finite (AdaGrad 1e-10, RMSProp and Adam 1e-8)</source>
        <translation>加到 √v 上，使步长保持有限（AdaGrad 为 1e-10，RMSProp 和 Adam 为 1e-8）</translation>
    </message>
    <message>
        <source>Optimizer race</source>
        <translation>优化器竞赛</translation>
    </message>
    <message>
        <source>Race the ticked optimizers</source>
        <translation>让勾选的优化器竞赛</translation>
    </message>
    <message>
        <source>Every ticked rule descends from the same start on the same data; the player moves them together</source>
        <translation>每个勾选的规则都从同一起点、在同一数据上下降；播放器让它们一起前进</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>×b</source>
        <translation>×b</translation>
    </message>
    <message>
        <source>The intercept&apos;s rate factor</source>
        <translation>截距的学习率倍数</translation>
    </message>
    <message>
        <source>Tick the rules that race; edit α and the intercept rate × in their cells. Select a row to edit its other hyperparameters in the Update rule box.</source>
        <translation>勾选参加竞赛的规则；在单元格中修改 α 和截距学习率倍数。选中一行，可在“更新规则”框中修改它的其他超参数。</translation>
    </message>
    <message>
        <source>On the seed&apos;s data x is 100–200, so ∂J/∂k is about 150 times ∂J/∂b: one rate that is stable for k barely moves b, and plain gradient descent needed the ×10000 intercept rate. Adam (and RMSProp, AdaGrad) divide each parameter&apos;s step by the root of its own mean squared gradient, so each step is about α whatever the gradient&apos;s scale: they race with the intercept rate ×1.</source>
        <translation>在教程的数据上 x 位于 100–200，因此 ∂J/∂k 约为 ∂J/∂b 的 150 倍：一个对 k 稳定的学习率几乎推不动 b，所以普通梯度下降需要把截距学习率乘以 10000。Adam（以及 RMSProp、AdaGrad）把每个参数的步长除以它自己梯度平方均值的平方根，于是无论梯度的量级如何，每一步都约为 α：它们用截距学习率 ×1 参赛。</translation>
    </message>
    <message>
        <source>Data and the current line</source>
        <translation>数据与当前直线</translation>
    </message>
    <message>
        <source>The plot shows {m} of them, chosen at random; every point is fitted.</source>
        <translation>图中只显示随机选出的 {m} 个点；所有点都参与拟合。</translation>
    </message>
    <message>
        <source>Stopped at the iteration cap without learning: J − J* is no smaller than at the start. With α = {lr} the steps are too small for this data.</source>
        <translation>已到迭代上限，但什么也没学到：J − J* 没有比起点时更小。对这些数据而言，α = {lr} 的步长太小了。</translation>
    </message>
    <message>
        <source>Raise α toward the largest stable rate, {max}.</source>
        <translation>请把 α 调大，向最大稳定学习率 {max} 靠近。</translation>
    </message>
    <message>
        <source>Columns used: x = {0}, y = {1}.</source>
        <translation>所用的列：x 为{0}，y 为{1}。</translation>
    </message>
    <message>
        <source>Loss surface J(θ0′, θ1′) and the path</source>
        <translation>损失曲面 J(θ0′, θ1′) 与下降路径</translation>
    </message>
    <message>
        <source>intercept θ0′ (on standardized x)</source>
        <translation>标准化 x 上的截距 θ0′</translation>
    </message>
    <message>
        <source>slope θ1′ (on standardized x)</source>
        <translation>标准化 x 上的斜率 θ1′</translation>
    </message>
    <message>
        <source>Loss surface J(θ0, θ1) and the path</source>
        <translation>损失曲面 J(θ0, θ1) 与下降路径</translation>
    </message>
    <message>
        <source>The surface the descent sees is a long narrow valley (κ = {kappa}) only because of the intercept&apos;s rate factor ×{scale}: with x standardized the surface itself is round.</source>
        <translation>梯度下降看到的曲面是一条狭长的山谷（κ = {kappa}），原因只在于截距学习率的倍数 ×{scale}：x 标准化后，曲面本身是圆的。</translation>
    </message>
    <message>
        <source>The surface the descent sees is a long narrow valley (κ = {kappa}) because of the intercept&apos;s rate factor ×{scale}: at ×1, κ would be {unit}.</source>
        <translation>梯度下降看到的曲面是一条狭长的山谷（κ = {kappa}），原因是截距学习率的倍数 ×{scale}：倍数为 ×1 时，κ 只有 {unit}。</translation>
    </message>
    <message>
        <source>The surface is a long narrow valley (κ = {kappa}): x lies far from 0 compared with its spread (mean {mean}, standard deviation {std}), so the step that is safe across the valley is tiny along it.</source>
        <translation>曲面是一条狭长的山谷（κ = {kappa}）：与 x 的离散程度相比，x 离 0 太远（均值 {mean}，标准差 {std}），所以横跨山谷时安全的步长，沿山谷方向就太小了。</translation>
    </message>
    <message>
        <source>The surface is a long narrow valley (κ = {kappa}): x&apos;s spread (standard deviation {std}) is far from 1, so the step that is safe across the valley is tiny along it.</source>
        <translation>曲面是一条狭长的山谷（κ = {kappa}）：x 的离散程度（标准差 {std}）与 1 相差太远，所以横跨山谷时安全的步长，沿山谷方向就太小了。</translation>
    </message>
    <message>
        <source>Set the intercept rate factor to 1.</source>
        <translation>请把截距学习率的倍数设为 1。</translation>
    </message>
    <message>
        <source>Set the intercept rate factor to 1, or standardize x.</source>
        <translation>请把截距学习率的倍数设为 1，或者标准化 x。</translation>
    </message>
    <message>
        <source>Standardize x, or set the intercept rate factor near {best} (the mean of x²), as the seed did with 10000.</source>
        <translation>请标准化 x，或者像教程用 10000 那样，把截距学习率的倍数设在 {best}（x² 的均值）附近。</translation>
    </message>
    <message>
        <source>No intercept rate factor fixes it here: standardize x.</source>
        <translation>这里任何截距学习率倍数都无济于事：请标准化 x。</translation>
    </message>
    <message>
        <source>Click to start the descent from that point; drag to pan, wheel to zoom</source>
        <translation>单击即从该点开始下降；拖动平移，滚轮缩放</translation>
    </message>
    <message>
        <source>intercept θ0 (b)</source>
        <translation>截距 θ0 (b)</translation>
    </message>
    <message>
        <source>Residuals: from each point to the current line, h(x) − y</source>
        <translation>残差：从每个点到当前直线，h(x) − y</translation>
    </message>
    <message>
        <source>slope θ1 (k)</source>
        <translation>斜率 θ1 (k)</translation>
    </message>
    <message>
        <source>Arrow: −∇J at the current θ, the steepest way downhill (its direction; drawn at a fixed length)</source>
        <translation>箭头：当前 θ 处的 −∇J，即下降最陡的方向（只表示方向，长度固定）</translation>
    </message>
    <message>
        <source>Yellow: the step just taken, from the previous θ to the current θ</source>
        <translation>黄色：刚走的一步，从上一个 θ 到当前的 θ</translation>
    </message>
    <message>
        <source>The colours of the surface: J − J*, in bands on a log scale</source>
        <translation>曲面的颜色：J − J*，按对数刻度分带</translation>
    </message>
    <message>
        <source>Loss per iteration (log scale)</source>
        <translation>每次迭代的损失（对数刻度）</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Arrived: the first iteration where J − J* ≤ {tol}·(J0 − J*); ms: the compute time it took to get there (this machine, measured as it ran); “diverged”: the run blew up</source>
        <translation>到达：第一次满足 J − J* ≤ {tol}·(J0 − J*) 的迭代；毫秒：到达所用的计算时间（在本机运行时测得）；“发散”：运行数值爆炸</translation>
    </message>
    <message>
        <source>gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>least squares (exact)</source>
        <translation>最小二乘（精确解）</translation>
    </message>
    <message>
        <source>J − J* (distance to the exact loss)</source>
        <translation>J − J*（与精确解损失之差）</translation>
    </message>
    <message>
        <source>Import points</source>
        <translation>导入数据点</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The seed&apos;s setting: {n} points like the dial pointer&apos;s pixels.</source>
        <translation>教程设置：{n} 个点，与表盘指针的像素相似。</translation>
    </message>
    <message>
        <source>Synthetic: {n} points.</source>
        <translation>合成数据：{n} 个点。</translation>
    </message>
    <message>
        <source>From {name}: {n} points.</source>
        <translation>来自 {name}：{n} 个点。</translation>
    </message>
    <message>
        <source>Edited by hand: {n} points.</source>
        <translation>手动编辑：{n} 个点。</translation>
    </message>
    <message>
        <source>Sent from another lab: {n} points.</source>
        <translation>来自其他实验：{n} 个点。</translation>
    </message>
    <message>
        <source>Diverged: the learning rate α = {lr} is too high for this data — the loss grew step after step. The largest stable rate here is {max} (2/λmax of J&apos;s Hessian). Lower α, then Play to go on from this point, or Reset.</source>
        <translation>发散：对这些数据而言，学习率 α = {lr} 太大了——损失一步比一步大。这里最大的稳定学习率是 {max}（2/λmax，λmax 为 J 的黑塞矩阵的最大特征值）。请调低 α，然后点“播放”从这里继续，或点“重置”。</translation>
    </message>
    <message>
        <source>h(x) = {b} {sign} {k}·x    &lt;span style=&apos;color:#666&apos;&gt;(exact: {ob} {osign} {ok}·x)&lt;/span&gt;</source>
        <translation>h(x) = {b} {sign} {k}·x    &lt;span style=&apos;color:#666&apos;&gt;（精确解：{ob} {osign} {ok}·x）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>Loss J</source>
        <translation>损失 J</translation>
    </message>
    <message>
        <source>Slope k, intercept b</source>
        <translation>斜率 k，截距 b</translation>
    </message>
    <message>
        <source>In standardized x</source>
        <translation>标准化 x 下</translation>
    </message>
    <message>
        <source>Least squares (exact)</source>
        <translation>最小二乘（精确解）</translation>
    </message>
    <message>
        <source>Distance ‖θ − θ*‖</source>
        <translation>距离 ‖θ − θ*‖</translation>
    </message>
    <message>
        <source>J − J*</source>
        <translation>J − J*</translation>
    </message>
    <message>
        <source>Largest stable α</source>
        <translation>最大稳定 α</translation>
    </message>
    <message>
        <source>Condition number κ</source>
        <translation>条件数 κ</translation>
    </message>
    <message>
        <source>Iterations per 10× closer (slowest direction)</source>
        <translation>误差缩小为 1/10 所需的迭代次数（最慢方向）</translation>
    </message>
    <message>
        <source>α is above the largest stable rate: this run will diverge.</source>
        <translation>α 超过了最大稳定学习率：这次运行将会发散。</translation>
    </message>
    <message>
        <source>The model: a line through the data</source>
        <translation>模型：一条穿过数据的直线</translation>
    </message>
    <message>
        <source>The loss J: half the mean squared error over the m points</source>
        <translation>损失 J：m 个点上均方误差的一半</translation>
    </message>
    <message>
        <source>What the seed prints, {code}, is the mean squared error: 2·J. The ½ in J is there only to make the derivative clean: the square&apos;s 2 cancels it.</source>
        <translation>教程打印的 {code} 是均方误差，等于 2·J。J 中的 ½ 只是为了让导数简洁：求导时平方带来的 2 正好把它约掉。</translation>
    </message>
    <message>
        <source>The gradient: how J changes with the intercept θ0 and the slope θ1</source>
        <translation>梯度：J 随截距 θ0 和斜率 θ1 的变化率</translation>
    </message>
    <message>
        <source>One step of gradient descent: each θ moves against its derivative, both from the same θ</source>
        <translation>梯度下降的一步：每个 θ 都沿自己导数的反方向移动，两者都从同一个 θ 出发</translation>
    </message>
    <message>
        <source>The numbers at iteration {i}</source>
        <translation>第 {i} 次迭代的数值</translation>
    </message>
    <message>
        <source>The run uses {rule}, not plain gradient descent: its update is below.</source>
        <translation>这次运行使用 {rule}，而不是普通梯度下降：它的更新见下方。</translation>
    </message>
    <message>
        <source>s = {s} is the intercept&apos;s rate factor (Intercept rate ×): θ0 steps with the rate s·α, as the seed&apos;s loop did with 10000.</source>
        <translation>s = {s} 是截距的学习率倍数（“截距学习率 ×”）：θ0 以 s·α 的学习率移动，就像教程的循环用 10000 那样。</translation>
    </message>
    <message>
        <source>x is standardized: the descent runs on z = (x − μ)/σ with μ = {mu}, σ = {sigma}, and θ here is θ′ in those coordinates. The line in the data&apos;s units is b = θ0′ − θ1′·μ/σ, k = θ1′/σ.</source>
        <translation>x 已标准化：梯度下降在 z = (x − μ)/σ 上进行，其中 μ = {mu}，σ = {sigma}；这里的 θ 是该坐标下的 θ′。换回数据单位的直线为 b = θ0′ − θ1′·μ/σ，k = θ1′/σ。</translation>
    </message>
    <message>
        <source>the seed&apos;s printed loss</source>
        <translation>教程打印的损失</translation>
    </message>
    <message>
        <source>The step just taken ({a} → {b}): θ was ({p0}, {p1}); ∇J there ({g0}, {g1}); θ changed by ({d0}, {d1}) to ({c0}, {c1}).</source>
        <translation>刚走的一步（{a} → {b}）：θ 原为 ({p0}, {p1})；该处 ∇J 为 ({g0}, {g1})；θ 变化了 ({d0}, {d1})，变为 ({c0}, {c1})。</translation>
    </message>
    <message>
        <source>{n} optimizers racing, iteration {i} (exact: {b} + {k}·x)</source>
        <translation>{n} 个优化器竞赛中，第 {i} 次迭代（精确解：{b} + {k}·x）</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞赛</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Formulas</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>The formulas of gradient descent with the numbers of the iteration shown substituted</source>
        <translation>梯度下降的公式，代入当前所示迭代的数值</translation>
    </message>
    <message>
        <source>g is the gradient on a mini-batch of {n} points.</source>
        <translation>g 是在 {n} 个点的小批量上算出的梯度。</translation>
    </message>
    <message>
        <source>Step {t} of the rule:</source>
        <translation>该规则的第 {t} 步：</translation>
    </message>
    <message>
        <source>θ = ({a}, {b}) changes by ({d0}, {d1}) to &lt;b&gt;({c}, {d})&lt;/b&gt;</source>
        <translation>θ = ({a}, {b}) 变化 ({d0}, {d1})，变为 &lt;b&gt;({c}, {d})&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>LogisticRegressionPanel</name>
    <message>
        <source>Logistic regression</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <source>The seed&apos;s data (2 classes)</source>
        <translation>教程数据（2 类）</translation>
    </message>
    <message>
        <source>Blobs</source>
        <translation>高斯簇</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>One-vs-rest</source>
        <translation>一对多（OvR）</translation>
    </message>
    <message>
        <source>One-vs-one</source>
        <translation>一对一（OvO）</translation>
    </message>
    <message>
        <source>Softmax regression</source>
        <translation>Softmax 回归</translation>
    </message>
    <message>
        <source>training points</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test points</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Spread / noise</source>
        <translation>离散度 / 噪声</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Test points (%)</source>
        <translation>测试点（%）</translation>
    </message>
    <message>
        <source>Click adds</source>
        <translation>单击添加</translation>
    </message>
    <message>
        <source>Import CSV (x1, x2, label)…</source>
        <translation>导入 CSV（x1、x2、标签）…</translation>
    </message>
    <message>
        <source>Click the map to add a point of the chosen class, drag a point to move it, right-click one to delete it. Filled circles train the model; hollow squares are held out for testing. A point outlined in its true class&apos;s colour and filled with another is misclassified.</source>
        <translation>单击图中空白处添加所选类别的点，拖动点以移动它，右键单击点以删除它。实心圆用于训练模型；空心方块留作测试。边框是真实类别颜色、填充是另一种颜色的点，就是被分错的点。</translation>
    </message>
    <message>
        <source>Model and descent</source>
        <translation>模型与梯度下降</translation>
    </message>
    <message>
        <source>Many classes</source>
        <translation>多分类策略</translation>
    </message>
    <message>
        <source>One-vs-rest: one model per class against all others. One-vs-one: one model per pair of classes, then a vote. Softmax: one model with a probability for every class.</source>
        <translation>一对多：每个类别训练一个模型，把该类与其余所有类别区分开。一对一：每两个类别训练一个模型，再投票。Softmax：一个模型，为每个类别给出一个概率。</translation>
    </message>
    <message>
        <source>Polynomial features (x1², x2², x1·x2)</source>
        <translation>多项式特征（x1²、x2²、x1·x2）</translation>
    </message>
    <message>
        <source>L2 penalty, C =</source>
        <translation>L2 正则化，C =</translation>
    </message>
    <message>
        <source>As scikit-learn: C·Σ loss + ½‖w‖², intercept not penalised; C = 1 is its default. Smaller C, stronger penalty.</source>
        <translation>与 scikit-learn 相同：C·Σ 损失 + ½‖w‖²，截距不受惩罚；默认 C = 1。C 越小，惩罚越强。</translation>
    </message>
    <message>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>Iteration cap</source>
        <translation>迭代上限</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>Seed settings</source>
        <translation>套用教程参数</translation>
    </message>
    <message>
        <source>The tutorial&apos;s loop: its data, lr 0.1, 3000 iterations from w = (1, 1), b = 1</source>
        <translation>教程的循环：它的数据，学习率 0.1，从 w = (1, 1)、b = 1 出发迭代 3000 次</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Show each model&apos;s boundary</source>
        <translation>显示每个模型的边界</translation>
    </message>
    <message>
        <source>Confusion matrix of</source>
        <translation>混淆矩阵基于</translation>
    </message>
    <message>
        <source>Probability map and decision boundary</source>
        <translation>概率图与决策边界</translation>
    </message>
    <message>
        <source>Cross-entropy loss</source>
        <translation>交叉熵损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>exact optimum</source>
        <translation>精确最优解</translation>
    </message>
    <message>
        <source>class {label}</source>
        <translation>类别 {label}</translation>
    </message>
    <message>
        <source>a new class</source>
        <translation>新类别</translation>
    </message>
    <message>
        <source>Import labelled points</source>
        <translation>导入带标签的点</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The seed&apos;s data: 100 points of class 0 around (3, 4), 200 of class 1 around (7, 6).</source>
        <translation>教程数据：类别 0 的 100 个点位于 (3, 4) 附近，类别 1 的 200 个点位于 (7, 6) 附近。</translation>
    </message>
    <message>
        <source>Two classes: start at w = (1, 1), b = 1</source>
        <translation>两类时从 w = (1, 1)、b = 1 出发</translation>
    </message>
    <message>
        <source>Computing the models for {n} points…</source>
        <translation>正在为 {n} 个点计算模型…</translation>
    </message>
    <message>
        <source>Could not prepare the models: {error}</source>
        <translation>无法准备模型：{error}</translation>
    </message>
    <message>
        <source>The seed&apos;s start: w1 = w2 = b = 1. Unchecked, every weight starts at 0.</source>
        <translation>教程的起点：w1 = w2 = b = 1。不勾选时，所有权重都从 0 出发。</translation>
    </message>
    <message>
        <source>Not used with {k} classes: w1 = w2 = b = 1 are the weights of one two-class model, so every model starts at 0.</source>
        <translation>{k} 个类别时不适用：w1 = w2 = b = 1 是单个二分类模型的权重，所以每个模型都从 0 出发。</translation>
    </message>
    <message>
        <source>Not used with polynomial features: the model has six weights, not w1, w2 and b, so every weight starts at 0.</source>
        <translation>使用多项式特征时不适用：模型有六个权重，而不是 w1、w2 和 b，所以所有权重都从 0 出发。</translation>
    </message>
    <message>
        <source>Generated: {n} points, {k} classes.</source>
        <translation>生成数据：{n} 个点，{k} 个类别。</translation>
    </message>
    <message>
        <source>From {name}: {n} points, {k} classes.</source>
        <translation>来自 {name}：{n} 个点，{k} 个类别。</translation>
    </message>
    <message>
        <source>Edited by hand: {n} points, {k} classes.</source>
        <translation>手动编辑：{n} 个点，{k} 个类别。</translation>
    </message>
    <message>
        <source>Sent from another lab: {n} points, {k} classes.</source>
        <translation>来自其他实验：{n} 个点，{k} 个类别。</translation>
    </message>
    <message>
        <source>{t} of them held out for testing.</source>
        <translation>其中 {t} 个留作测试。</translation>
    </message>
    <message>
        <source>The map shows {m} of them, chosen at random; every point trains the models.</source>
        <translation>图中只显示随机选出的 {m} 个点；所有点都参与训练。</translation>
    </message>
    <message>
        <source>From file: {name}</source>
        <translation>来自文件：{name}</translation>
    </message>
    <message>
        <source>Edited by hand</source>
        <translation>手动编辑</translation>
    </message>
    <message>
        <source>Sent from another lab</source>
        <translation>来自其他实验</translation>
    </message>
    <message>
        <source>The exact optimum could not be computed: {reason}</source>
        <translation>无法计算精确最优解：{reason}</translation>
    </message>
    <message>
        <source>Diverged: the learning rate α = {lr} is too high — the loss grew step after step. Below {max} every step is guaranteed to lower the loss. Lower α, then Play to go on, or Reset.</source>
        <translation>发散：学习率 α = {lr} 太大了——损失一步比一步大。低于 {max} 时，每一步都保证降低损失。请调低 α，然后点“播放”继续，或点“重置”。</translation>
    </message>
    <message>
        <source>Columns used: x1 = {0}, x2 = {1}, label = {2}.</source>
        <translation>所用的列：x1 为{0}，x2 为{1}，标签为{2}。</translation>
    </message>
    <message>
        <source>→ {c}</source>
        <translation>→ {c}</translation>
    </message>
    <message>
        <source>Confusion matrix ({which}): rows true, columns predicted — accuracy {acc}</source>
        <translation>混淆矩阵（{which}）：行 = 真实类别，列 = 预测类别；准确率 {acc}</translation>
    </message>
    <message>
        <source>p(y = {label} | x) = σ({z})</source>
        <translation>p(y = {label} | x) = σ({z})</translation>
    </message>
    <message>
        <source>p(y = c | x) = softmax(z)_c, one z_c per class ({k} classes)</source>
        <translation>p(y = c | x) = softmax(z)_c，每个类别一个 z_c（共 {k} 类）</translation>
    </message>
    <message>
        <source>{m} logistic models, each p = σ(w·x + b); the table lists them</source>
        <translation>{m} 个逻辑回归模型，每个都是 p = σ(w·x + b)；见下表</translation>
    </message>
    <message>
        <source>could not be computed: {reason}</source>
        <translation>无法计算：{reason}</translation>
    </message>
    <message>
        <source>none for {n} of the {m} models, all but {others}: their two sides are separable; add L2</source>
        <translation>{m} 个模型中有 {n} 个不存在（除 {others} 外）：这些模型的两类线性可分，请启用 L2 正则化</translation>
    </message>
    <message>
        <source>none for {models}: their two sides are separable; add L2</source>
        <translation>{models} 不存在：这些模型的两类线性可分，请启用 L2 正则化</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>Loss (train)</source>
        <translation>损失（训练）</translation>
    </message>
    <message>
        <source>Accuracy (train)</source>
        <translation>准确率（训练）</translation>
    </message>
    <message>
        <source>Accuracy (test)</source>
        <translation>准确率（测试）</translation>
    </message>
    <message>
        <source>Misclassified points</source>
        <translation>误分类点数</translation>
    </message>
    <message>
        <source>Exact optimum (Newton)</source>
        <translation>精确最优解（牛顿法）</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>none: the classes are separable; add L2</source>
        <translation>不存在：类别线性可分，请启用 L2 正则化</translation>
    </message>
    <message>
        <source>loss {loss} after {n} Newton steps</source>
        <translation>牛顿法 {n} 步后损失为 {loss}</translation>
    </message>
    <message>
        <source>Distance ‖W − W*‖</source>
        <translation>距离 ‖W − W*‖</translation>
    </message>
    <message>
        <source>Largest rate with guaranteed descent</source>
        <translation>保证下降的最大学习率</translation>
    </message>
    <message>
        <source>one binary model</source>
        <translation>一个二分类模型</translation>
    </message>
    <message>
        <source>one-vs-rest</source>
        <translation>一对多</translation>
    </message>
    <message>
        <source>one-vs-one</source>
        <translation>一对一</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>{kind}: {m} model(s) trained</source>
        <translation>{kind}：训练了 {m} 个模型</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>every weight 0</source>
        <translation>所有权重为 0</translation>
    </message>
    <message>
        <source>With two classes, one-vs-rest and one-vs-one are both the single binary model; they differ from three classes on.</source>
        <translation>只有两个类别时，一对多和一对一都是同一个二分类模型；从三个类别起才有区别。</translation>
    </message>
    <message>
        <source>Back to the descent</source>
        <translation>回到梯度下降</translation>
    </message>
    <message>
        <source>Jump to the exact answer</source>
        <translation>跳到精确解</translation>
    </message>
    <message>
        <source>Show the descent&apos;s own model again, at the iteration it reached</source>
        <translation>重新显示梯度下降自己的模型，停在它已到达的迭代</translation>
    </message>
    <message>
        <source>Show Newton&apos;s optimum (with L2 when it is on) on the map, in the numbers and the formulas. The descent&apos;s history is kept: Step or Play goes on from where the descent was.</source>
        <translation>在概率图、数值和公式中显示牛顿法求得的最优解（开启 L2 时含 L2）。梯度下降的历史保留不变：“单步”或“播放”会从梯度下降原来的位置继续。</translation>
    </message>
    <message>
        <source>Weights now</source>
        <translation>当前权重</translation>
    </message>
    <message>
        <source>Exact weights (Newton)</source>
        <translation>精确权重（牛顿法）</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>正在显示</translation>
    </message>
    <message>
        <source>the exact answer (Newton), not the descent&apos;s iteration {i}</source>
        <translation>精确解（牛顿法），而不是梯度下降的第 {i} 次迭代</translation>
    </message>
    <message>
        <source>P(class {label})</source>
        <translation>P(类别 {label})</translation>
    </message>
    <message>
        <source>confidence of the winning class</source>
        <translation>获胜类别的置信度</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Formulas</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>The formulas of gradient descent with the numbers of the model shown substituted</source>
        <translation>梯度下降的公式，代入当前所示模型的数值</translation>
    </message>
    <message>
        <source>The model: the probability of the second class, σ of a linear score z</source>
        <translation>模型：第二类的概率，即线性得分 z 的 σ</translation>
    </message>
    <message>
        <source>One-vs-rest: one model per class, against all the others; the most probable class wins</source>
        <translation>一对多：每个类别一个模型，把该类与其余所有类别区分开；概率最大的类别胜出</translation>
    </message>
    <message>
        <source>One-vs-one: one model per pair of classes, on those two classes&apos; points; each votes, the class with most votes wins</source>
        <translation>一对一：每对类别一个模型，只用这两个类别的点训练；每个模型投一票，得票最多的类别胜出</translation>
    </message>
    <message>
        <source>Softmax regression: one score per class, turned into probabilities that add up to 1</source>
        <translation>Softmax 回归：每个类别一个得分，转换成总和为 1 的概率</translation>
    </message>
    <message>
        <source>The sigmoid squeezes any number into a probability between 0 and 1</source>
        <translation>Sigmoid 函数把任何数压缩成 0 到 1 之间的概率</translation>
    </message>
    <message>
        <source>The loss J: the mean cross-entropy over the m points (plus the L2 penalty when it is on; the intercept is not penalised)</source>
        <translation>损失 J：m 个点上的平均交叉熵（开启 L2 时再加上 L2 惩罚项；截距不受惩罚）</translation>
    </message>
    <message>
        <source>The gradient: the errors p − y, weighted by the features</source>
        <translation>梯度：误差 p − y 按特征加权</translation>
    </message>
    <message>
        <source>One step of gradient descent, every weight from the same W</source>
        <translation>梯度下降的一步，所有权重都从同一个 W 出发</translation>
    </message>
    <message>
        <source>The exact answer: where the gradient is zero, found by Newton&apos;s method</source>
        <translation>精确解：梯度为零之处，由牛顿法求得</translation>
    </message>
    <message>
        <source>The numbers at the exact answer (Newton)</source>
        <translation>精确解（牛顿法）处的数值</translation>
    </message>
    <message>
        <source>The numbers at iteration {i}</source>
        <translation>第 {i} 次迭代的数值</translation>
    </message>
    <message>
        <source>L2 in scikit-learn&apos;s convention: C = {C}, and in the mean&apos;s units λ = 1/(C·m).</source>
        <translation>L2 采用 scikit-learn 的约定：C = {C}；换算到平均损失的单位为 λ = 1/(C·m)。</translation>
    </message>
    <message>
        <source>The loss shown is the mean of the models&apos; losses; the table lists the first models.</source>
        <translation>显示的损失是各模型损失的平均值；表中只列出前几个模型。</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>概率图</translation>
    </message>
    <message>
        <source>Loss contours</source>
        <translation>损失等高线</translation>
    </message>
    <message>
        <source>The loss J (mean cross-entropy, with the L2 term when it is on) over two of the weights, the third held at its current value: a slice of the loss surface, with the descent&apos;s path on it</source>
        <translation>损失 J（平均交叉熵，开启 L2 时含 L2 项）关于其中两个权重的图像，第三个权重固定为当前值：这是损失曲面的一个切片，上面画着梯度下降的路径</translation>
    </message>
    <message>
        <source>The two weights the plane shows</source>
        <translation>平面显示的两个权重</translation>
    </message>
    <message>
        <source>Slice: {name} held at {value}</source>
        <translation>切片：{name} 固定为 {value}</translation>
    </message>
    <message>
        <source>loss J</source>
        <translation>损失 J</translation>
    </message>
    <message>
        <source>Newton&apos;s optimum, projected on this plane. It lies on this slice only when {name} equals its optimal value {opt} (now {value}); elsewhere the slice&apos;s lowest point is not the optimum.</source>
        <translation>牛顿法求得的最优解在此平面上的投影。只有当 {name} 等于其最优值 {opt}（当前为 {value}）时，它才位于这个切片上；否则切片的最低点并不是最优解。</translation>
    </message>
    <message>
        <source>The model shown (the descent&apos;s current weights)</source>
        <translation>当前所示模型（梯度下降的当前权重）</translation>
    </message>
    <message>
        <source>The loss contours are drawn for two classes only: with more, there are several models and more than three weights, which no plane can show.</source>
        <translation>损失等高线只对两个类别绘制：类别更多时有多个模型、三个以上的权重，无法用一个平面表示。</translation>
    </message>
    <message>
        <source>The loss contours are drawn for one sigmoid model (w₁, w₂, b): softmax regression has a weight vector per class. Choose One-vs-rest to see them.</source>
        <translation>损失等高线只对单个 Sigmoid 模型 (w₁, w₂, b) 绘制：Softmax 回归每个类别都有一个权重向量。请选择“一对多”来查看。</translation>
    </message>
    <message>
        <source>The loss contours are drawn for the linear model (w₁, w₂, b) only: polynomial features add more weights than a plane can show. Turn polynomial features off to see them.</source>
        <translation>损失等高线只对线性模型 (w₁, w₂, b) 绘制：多项式特征会增加权重，超出一个平面能显示的范围。请关闭多项式特征来查看。</translation>
    </message>
    <message>
        <source>The loss slice could not be computed: {why}</source>
        <translation>无法计算损失切片：{why}</translation>
    </message>
    <message>
        <source>{a} vs rest</source>
        <translation>{a} 对其余</translation>
    </message>
    <message>
        <source>{a} vs {b}</source>
        <translation>{a} 对 {b}</translation>
    </message>
    <message>
        <source>separable</source>
        <translation>线性可分</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>points positive : negative, loss, z</source>
        <translation>正例点数：反例点数，损失，z</translation>
    </message>
    <message>
        <source>Each model sees every point, mostly as &apos;rest&apos;: the more classes, the more lopsided its two sides.</source>
        <translation>每个模型都用到全部点，其中大多属于“其余”：类别越多，样本越不均衡。</translation>
    </message>
    <message>
        <source>K(K−1)/2 models, each on two classes&apos; points only: balanced, but many. Grey areas tie in the vote.</source>
        <translation>共 K(K−1)/2 个模型，每个只用两个类别的点：比较平衡，但模型很多。灰色区域是投票平局。</translation>
    </message>
</context>
<context>
    <name>MLPPanel</name>
    <message>
        <source>Neural network</source>
        <translation>神经网络</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Bundled subset</source>
        <translation>自带子集</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Network and training</source>
        <translation>网络与训练</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Sizes separated by commas, e.g. 1024 (the seed&apos;s) or 512,256</source>
        <translation>用逗号分隔的大小，例如 1024（教程所用）或 512,256</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Can be changed while training</source>
        <translation>训练过程中也可以修改</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Normalize inputs ((x − 0.485) / 0.229)</source>
        <translation>输入标准化（(x − 0.485) / 0.229）</translation>
    </message>
    <message>
        <source>Replicable, seed</source>
        <translation>固定随机种子（可复现）</translation>
    </message>
    <message>
        <source>Also while paused: saves the model as it is at the pause</source>
        <translation>暂停时也可保存：保存暂停那一刻的模型</translation>
    </message>
    <message>
        <source>Only for the seed&apos;s network: one hidden layer of 1024 units with ReLU; its class cannot load any other</source>
        <translation>仅适用于教程的网络：一个含 1024 个单元、使用 ReLU 的隐藏层；教程的类无法加载其他结构</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>From {source}: {train} training and {test} test images. For the full data set (60,000 training and 10,000 test images): sudo apt-get install dataset-fashion-mnist, or choose a folder with the four IDX files.</source>
        <translation>数据来源：{source}。{train} 张训练图像，{test} 张测试图像。如需完整数据集（60,000 张训练图像 / 10,000 张测试图像）：sudo apt-get install dataset-fashion-mnist，或选择包含四个 IDX 文件的文件夹。</translation>
    </message>
    <message>
        <source>Epoch {e}, after {b} of {n} batches: test accuracy {acc}</source>
        <translation>第 {e} 轮，完成 {b} / {n} 批后：测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Epoch {e}: test accuracy {acc}</source>
        <translation>第 {e} 轮：测试准确率 {acc}</translation>
    </message>
    <message>
        <source>There are no batch losses to export: an opened model&apos;s file holds only its per-epoch figures.</source>
        <translation>没有可导出的每批损失：打开的模型文件只含每轮的数据。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <source>Save as the seed&apos;s last.pt…</source>
        <translation>按教程的 last.pt 格式保存…</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Export curves…</source>
        <translation>导出曲线…</translation>
    </message>
    <message>
        <source>The per-epoch figures or every batch loss as CSV, or both plots as a PNG picture</source>
        <translation>将每轮数据或每个批次的损失导出为 CSV，或将两幅图导出为 PNG 图片</translation>
    </message>
    <message>
        <source>Loss per batch (faint) and smoothed</source>
        <translation>每批损失（浅色）与平滑曲线</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>样例</translation>
    </message>
    <message>
        <source>First-layer weights</source>
        <translation>第一层权重</translation>
    </message>
    <message>
        <source>Classify your own image</source>
        <translation>识别你自己的图片</translation>
    </message>
    <message>
        <source>T-shirt/top</source>
        <translation>T恤/上衣</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>Loading Fashion-MNIST …</source>
        <translation>正在加载 Fashion-MNIST …</translation>
    </message>
    <message>
        <source>Could not load the data: {error}</source>
        <translation>无法加载数据：{error}</translation>
    </message>
    <message>
        <source>Device: none (PyTorch is not available)</source>
        <translation>设备：无（PyTorch 不可用）</translation>
    </message>
    <message>
        <source>Device: … (loading PyTorch)</source>
        <translation>设备：…（正在加载 PyTorch）</translation>
    </message>
    <message>
        <source>Looking for Fashion-MNIST …</source>
        <translation>正在查找 Fashion-MNIST …</translation>
    </message>
    <message>
        <source>the chosen folder</source>
        <translation>所选文件夹</translation>
    </message>
    <message>
        <source>The data the experiment was saved with ({wanted}) is not on this computer; using {found} instead.</source>
        <translation>保存实验时使用的数据（{wanted}）不在这台电脑上；改用 {found}。</translation>
    </message>
    <message>
        <source>FASHION_MNIST_DIR</source>
        <translation>FASHION_MNIST_DIR</translation>
    </message>
    <message>
        <source>the app&apos;s download ({path})</source>
        <translation>本应用下载的数据（{path}）</translation>
    </message>
    <message>
        <source>./data/FashionMNIST/raw</source>
        <translation>./data/FashionMNIST/raw</translation>
    </message>
    <message>
        <source>Debian&apos;s dataset-fashion-mnist</source>
        <translation>Debian 的 dataset-fashion-mnist</translation>
    </message>
    <message>
        <source>the bundled subset</source>
        <translation>自带子集</translation>
    </message>
    <message>
        <source>From {source}: {train} training and {test} test images.</source>
        <translation>数据来源：{source}。{train} 张训练图像，{test} 张测试图像。</translation>
    </message>
    <message>
        <source>Not while the network trains: stop it first.</source>
        <translation>网络训练期间不能导入：请先停止训练。</translation>
    </message>
    <message>
        <source>Busy: wait for the current job, then open {name}.</source>
        <translation>正忙：请等当前任务完成后再打开 {name}。</translation>
    </message>
    <message>
        <source>Folder with the four Fashion-MNIST IDX files</source>
        <translation>包含四个 Fashion-MNIST IDX 文件的文件夹</translation>
    </message>
    <message>
        <source>Downloading Fashion-MNIST …</source>
        <translation>正在下载 Fashion-MNIST …</translation>
    </message>
    <message>
        <source>The download failed ({reason}). Without a network, install Debian&apos;s dataset-fashion-mnist or choose a folder with the four IDX files; the data in use stays.</source>
        <translation>下载失败（{reason}）。没有网络时，请安装 Debian 的 dataset-fashion-mnist，或选择包含四个 IDX 文件的文件夹；当前使用的数据保持不变。</translation>
    </message>
    <message>
        <source>Drop a folder (or its four IDX files), or one image to classify.</source>
        <translation>请拖入一个文件夹（或其中的四个 IDX 文件），或拖入一张要分类的图片。</translation>
    </message>
    <message>
        <source>Starting …</source>
        <translation>正在开始 …</translation>
    </message>
    <message>
        <source>epoch {e} / {n}, batch {b} / {bs} · {rate} samples/s · about {eta} s left</source>
        <translation>第 {e} / {n} 轮，第 {b} / {bs} 批 · 每秒 {rate} 个样本 · 约剩 {eta} 秒</translation>
    </message>
    <message>
        <source>Diverged: the loss became NaN, so the learning rate is too high. The last finite weights were kept; lower the rate and start again.</source>
        <translation>发散：损失变成了 NaN，说明学习率太大。已保留最后一组有限的权重；请调低学习率后重新开始。</translation>
    </message>
    <message>
        <source>Diverged; the model kept has {e} epochs of training</source>
        <translation>已发散；保留的模型训练了 {e} 轮</translation>
    </message>
    <message>
        <source>Stopped; the model trained so far is kept.</source>
        <translation>已停止；保留了目前训练好的模型。</translation>
    </message>
    <message>
        <source>Stopped after {e} epochs of training; test accuracy {acc}</source>
        <translation>训练 {e} 轮后停止；测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Not learning: test accuracy {acc} after {e} epochs</source>
        <translation>没有在学习：{e} 轮后测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Finished: {e} epochs, test accuracy {acc}</source>
        <translation>已完成：{e} 轮，测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Training ran out of memory ({error}). Use fewer or narrower hidden layers, or a smaller batch, and start again.</source>
        <translation>训练时内存不足（{error}）。请减少隐藏层数量或宽度，或减小批大小，然后重新开始。</translation>
    </message>
    <message>
        <source>Training failed: {error}</source>
        <translation>训练失败：{error}</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Learning rate now {lr}</source>
        <translation>学习率现在为 {lr}</translation>
    </message>
    <message>
        <source>PyTorch is installed but could not be loaded ({error}), so the network cannot train. Reinstall the app&apos;s extra “nn” with: {command}</source>
        <translation>PyTorch 已安装但无法加载（{error}），因此网络无法训练。用以下命令重新安装本应用的可选组件“nn”：{command}</translation>
    </message>
    <message>
        <source>Needs PyTorch: see the message above.</source>
        <translation>需要 PyTorch：请看上方的提示。</translation>
    </message>
    <message>
        <source>Needs torchvision: see the message above.</source>
        <translation>需要 torchvision：请看上方的提示。</translation>
    </message>
    <message>
        <source>Fashion-MNIST from the internet (about 30 MB), into {folder}</source>
        <translation>从网上下载 Fashion-MNIST（约 30 MB），保存到 {folder}</translation>
    </message>
    <message>
        <source>An image to classify</source>
        <translation>要识别的图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)</translation>
    </message>
    <message>
        <source>Train or open a model first.</source>
        <translation>请先训练或打开一个模型。</translation>
    </message>
    <message>
        <source>Looks like: {name} ({p})</source>
        <translation>看起来像：{name}（{p}）</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Opened {name}: test accuracy {acc}</source>
        <translation>已打开 {name}：测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Opened {name}: {e} epochs recorded; test accuracy {acc} on the data in use</source>
        <translation>已打开 {name}：记录了 {e} 轮；在当前数据上的测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Opened {name}: {e} epochs recorded</source>
        <translation>已打开 {name}：记录了 {e} 轮</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Could not open {path}: {error}</source>
        <translation>无法打开 {path}：{error}</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Models (*.pt)</source>
        <translation>模型 (*.pt)</translation>
    </message>
    <message>
        <source>Save as the seed&apos;s last.pt</source>
        <translation>按教程的 last.pt 格式保存</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Models (*.pt *.pth)</source>
        <translation>模型 (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Per-epoch curves (*.csv)</source>
        <translation>每轮曲线 (*.csv)</translation>
    </message>
    <message>
        <source>Every batch loss (*.csv)</source>
        <translation>每个批次的损失 (*.csv)</translation>
    </message>
    <message>
        <source>Picture of both plots (*.png)</source>
        <translation>两幅图的图片 (*.png)</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>The trained model has not been saved. Save it before the experiment replaces it?</source>
        <translation>训练好的模型尚未保存。要在打开的实验替换它之前保存吗？</translation>
    </message>
    <message>
        <source>Unsaved model</source>
        <translation>模型未保存</translation>
    </message>
    <message>
        <source>The trained model has not been saved. Save it before quitting?</source>
        <translation>训练好的模型还没有保存。退出前要保存吗？</translation>
    </message>
    <message>
        <source>This experiment holds a trained model; it is kept, and can be used once PyTorch is added. {how}</source>
        <translation>此实验包含一个训练好的模型；它会被保留，添加 PyTorch 后即可使用。{how}</translation>
    </message>
    <message>
        <source>Restored: {e} epochs of training; test accuracy {acc} on the data in use</source>
        <translation>已恢复：训练了 {e} 轮；在当前数据上的测试准确率为 {acc}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Some saved settings could not be read; defaults are used.</source>
        <translation>部分已保存的设置无法读取，已改用默认值。</translation>
    </message>
    <message>
        <source>ML Basics Lab</source>
        <translation>机器学习基础实验室</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save experiment</source>
        <translation>保存实验(&amp;S)</translation>
    </message>
    <message>
        <source>Save experiment &amp;as…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Export as Jupyter &amp;notebook…</source>
        <translation>导出为 Jupyter 笔记本(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Copy as command</source>
        <translation>复制为命令(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Import data…</source>
        <translation>导入数据(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ML Basics Lab</source>
        <translation>关于机器学习基础实验室(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>{name}[*] — ML Basics Lab</source>
        <translation>{name}[*] — 机器学习基础实验室</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Experiments (*{suffix})</source>
        <translation>实验文件 (*{suffix})</translation>
    </message>
    <message>
        <source>No lab has anything to save yet.</source>
        <translation>还没有哪个实验有可保存的内容。</translation>
    </message>
    <message>
        <source>The {lab} lab cannot be written as a program yet; the Linear regression, Logistic regression, Neural Network and Dial reader labs can.</source>
        <translation>“{lab}”实验暂时还不能写成程序；线性回归、逻辑回归、神经网络和表盘读数实验可以。</translation>
    </message>
    <message>
        <source>Open a photo first: the command reads the photo on screen.</source>
        <translation>请先打开一张照片：命令读取的是屏幕上的照片。</translation>
    </message>
    <message>
        <source>This photo is not a file on disk (pasted, dropped, or moved since it was opened): the command reads it from its experiment file, so save the experiment first.</source>
        <translation>这张照片不是磁盘上的文件（粘贴、拖入，或打开后已被移动）：命令将从实验文件中读取它，所以请先保存实验。</translation>
    </message>
    <message>
        <source>This run (stopped midway, or without a seed) is reproduced from its experiment file: save the experiment first.</source>
        <translation>这次运行（中途停止，或没有种子）要从实验文件复现：请先保存实验。</translation>
    </message>
    <message>
        <source>This run (points edited by hand, or settings changed midway) is reproduced from its experiment file: save the experiment first.</source>
        <translation>这次运行（手动编辑过的数据点，或中途改过的设置）需要从它的实验文件重现：请先保存实验。</translation>
    </message>
    <message>
        <source>The {lab} lab has no headless command.</source>
        <translation>“{lab}”实验没有命令行命令。</translation>
    </message>
    <message>
        <source>{file} has changed since the lab read it, so a command reading it would not give what you see: save the experiment first (it keeps the picture), or open the file again.</source>
        <translation>{file} 在实验室读取之后已被修改，按它运行的命令不会得到你看到的结果：请先保存实验（实验会保留这张图片），或重新打开该文件。</translation>
    </message>
    <message>
        <source>Copied: {command}</source>
        <translation>已复制：{command}</translation>
    </message>
    <message>
        <source>Export as Python script</source>
        <translation>导出为 Python 脚本</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Export as Jupyter notebook</source>
        <translation>导出为 Jupyter 笔记本</translation>
    </message>
    <message>
        <source>Jupyter notebooks (*.ipynb)</source>
        <translation>Jupyter 笔记本 (*.ipynb)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>the picture could not be encoded</source>
        <translation>无法生成图片</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Export as Python scri&amp;pt…</source>
        <translation>导出为 Python 脚本(&amp;P)…</translation>
    </message>
    <message>
        <source>Save screens&amp;hot…</source>
        <translation>保存截图(&amp;H)…</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{name} is not a file the labs open: a CSV table, a photo of a dial, a model (.pt) or a Fashion-MNIST folder.</source>
        <translation>{name} 不是各实验室能打开的文件：请用 CSV 表格、表盘照片、模型文件（.pt）或 Fashion-MNIST 文件夹。</translation>
    </message>
    <message>
        <source>The {lab} lab does not open files.</source>
        <translation>“{lab}”实验室不打开文件。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder or a device, not a file.</source>
        <translation>{path} 是文件夹或设备，不是文件。</translation>
    </message>
    <message>
        <source>The file {path} is too large ({bytes} bytes; the limit is {limit}).</source>
        <translation>文件 {path} 太大（{bytes} 字节；上限为 {limit}）。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {reason}.</source>
        <translation>无法读取文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} holds no data rows.</source>
        <translation>{path} 中没有数据行。</translation>
    </message>
    <message>
        <source>Line {line}, column {column} of {path} is empty: every row needs x and y.</source>
        <translation>{path} 第 {line} 行第 {column} 列为空：每一行都需要 x 和 y。</translation>
    </message>
    <message>
        <source>Line {line}, column {column} of {path} is not a number: “{value}”.</source>
        <translation>{path} 第 {line} 行第 {column} 列不是数字：“{value}”。</translation>
    </message>
    <message>
        <source>The data holds a value that is not finite (inf or NaN); remove it and try again.</source>
        <translation>数据中含有非有限值（inf 或 NaN）；请删除后重试。</translation>
    </message>
    <message>
        <source>Too many points ({count}); the limit is {limit}.</source>
        <translation>点数太多（{count}）；上限为 {limit}。</translation>
    </message>
    <message>
        <source>Every point has the same x ({x}), so no line can be fitted: the slope is undefined.</source>
        <translation>所有点的 x 都相同（{x}），无法拟合直线：斜率没有定义。</translation>
    </message>
    <message>
        <source>x and y have different lengths ({x} and {y}).</source>
        <translation>x 和 y 的长度不同（{x} 和 {y}）。</translation>
    </message>
    <message>
        <source>The learning rate must be a positive number (got {lr}).</source>
        <translation>学习率必须是正数（当前为 {lr}）。</translation>
    </message>
    <message>
        <source>The intercept&apos;s learning-rate factor must be positive (got {scale}).</source>
        <translation>截距学习率的系数必须为正（当前为 {scale}）。</translation>
    </message>
    <message>
        <source>The iteration cap must be between 1 and {limit} (got {max_iters}).</source>
        <translation>迭代上限必须在 1 到 {limit} 之间（当前为 {max_iters}）。</translation>
    </message>
    <message>
        <source>The tolerance must be zero or positive (got {tol}).</source>
        <translation>容差必须为零或正数（当前为 {tol}）。</translation>
    </message>
    <message>
        <source>The starting point must be finite (got {start}).</source>
        <translation>起点必须是有限值（当前为 {start}）。</translation>
    </message>
    <message>
        <source>The points must have two coordinates each, and one label per point.</source>
        <translation>每个点需要两个坐标，并且每个点一个标签。</translation>
    </message>
    <message>
        <source>Class labels must be whole numbers; point {index} has “{value}”.</source>
        <translation>类别标签必须是整数；第 {index} 个点的标签是“{value}”。</translation>
    </message>
    <message>
        <source>A loss slice needs two different weights out of the model&apos;s {weights}.</source>
        <translation>损失切片需要从模型的 {weights} 个权重中选出两个不同的权重。</translation>
    </message>
    <message>
        <source>There are {count} classes; the lab shows at most {limit}.</source>
        <translation>共有 {count} 个类别；本实验最多显示 {limit} 个。</translation>
    </message>
    <message>
        <source>Classification needs at least two classes; the data has {count}.</source>
        <translation>分类至少需要两个类别；数据中只有 {count} 个。</translation>
    </message>
    <message>
        <source>The test fraction must be between 0 and 0.9.</source>
        <translation>测试比例必须在 0 到 0.9 之间。</translation>
    </message>
    <message>
        <source>{path} is not a text CSV file (it looks binary, or its encoding is not UTF-8, UTF-16 or GB18030).</source>
        <translation>{path} 不是文本 CSV 文件（看起来是二进制文件，或者编码不是 UTF-8、UTF-16 或 GB18030）。</translation>
    </message>
    <message>
        <source>The data needs at least {minimum} points; there are {count}.</source>
        <translation>数据至少需要 {minimum} 个点；当前只有 {count} 个。</translation>
    </message>
    <message>
        <source>{path} has more than {limit} data rows; the lab reads at most {limit}. Keep a sample of the rows and try again.</source>
        <translation>{path} 的数据行超过 {limit} 行；本实验最多读取 {limit} 行。请只保留其中一部分行后再试。</translation>
    </message>
    <message>
        <source>{column} holds a value as large as {value}; beyond ±{limit} the squares the lab computes overflow. Divide {column} by a power of ten (for example by {factor}) and load the data again.</source>
        <translation>{column} 中有大到 {value} 的值；超出 ±{limit} 时，实验要计算的平方会溢出。请把 {column} 除以 10 的某个幂（例如除以 {factor}）后重新载入数据。</translation>
    </message>
    <message>
        <source>{column} holds only tiny values (the largest is {value}); below {limit} their squares underflow to zero. Multiply {column} by a power of ten (for example by {factor}) and load the data again.</source>
        <translation>{column} 中只有极小的值（最大为 {value}）；小于 {limit} 时，它们的平方会下溢为零。请把 {column} 乘以 10 的某个幂（例如乘以 {factor}）后重新载入数据。</translation>
    </message>
    <message>
        <source>{column} barely varies: its values differ by about {spread} around {center}, a difference lost in rounding at that size. Subtract {center} from {column}, or rescale it, and load the data again.</source>
        <translation>{column} 几乎不变：它的值在 {center} 附近只相差约 {spread}，在这个量级上这点差别会被舍入误差淹没。请从 {column} 中减去 {center}，或对它重新缩放，然后重新载入数据。</translation>
    </message>
    <message>
        <source>{path} has no column named “{column}” (its columns: {available}). Name the columns in the header row, or choose which columns to use.</source>
        <translation>{path} 中没有名为“{column}”的列（现有的列：{available}）。请在表头行中为各列命名，或选择要使用的列。</translation>
    </message>
    <message>
        <source>{path} has {count} columns; there is no column {number}.</source>
        <translation>{path} 只有 {count} 列；没有第 {number} 列。</translation>
    </message>
    <message>
        <source>Choose {expected} columns, in order; {given} were given.</source>
        <translation>请按顺序选择 {expected} 列；当前给出了 {given} 列。</translation>
    </message>
    <message>
        <source>The synthetic data&apos;s {name} must be a number from −{limit} to {limit} (got {value}).</source>
        <translation>合成数据的 {name} 必须是 −{limit} 到 {limit} 之间的数（当前为 {value}）。</translation>
    </message>
    <message>
        <source>The intercept&apos;s learning-rate factor must be between {low} and {high} (got {scale}).</source>
        <translation>截距的学习率倍数必须在 {low} 到 {high} 之间（当前为 {scale}）。</translation>
    </message>
    <message>
        <source>The loss at the starting point {start} is too large to compute: start nearer the data.</source>
        <translation>起点 {start} 处的损失大到无法计算：请选择离数据更近的起点。</translation>
    </message>
    <message>
        <source>Newton&apos;s method met a number too large to represent ({what}, step {iteration}): the data&apos;s scale is too extreme. Rescale the values and try again.</source>
        <translation>牛顿法遇到了大到无法表示的数（{what}，第 {iteration} 步）：数据的量级过于极端。请对数据重新缩放后再试。</translation>
    </message>
    <message>
        <source>Newton&apos;s method could not solve for its step ({reason}). Rescale the values, or add an L2 penalty, and try again.</source>
        <translation>牛顿法无法求出这一步（{reason}）。请对数据重新缩放，或加上 L2 正则化，然后再试。</translation>
    </message>
    <message>
        <source>A computation overflowed ({what}): rescale the values and try again.</source>
        <translation>计算发生了溢出（{what}）：请对数据重新缩放后再试。</translation>
    </message>
    <message>
        <source>Class labels must be whole numbers (got values of type {dtype}).</source>
        <translation>类别标签必须是整数（当前为 {dtype} 类型的值）。</translation>
    </message>
    <message>
        <source>Point {index} has the label {value}, but there are only {classes} classes (labels 0 to {classes} − 1).</source>
        <translation>第 {index} 个点的标签为 {value}，但只有 {classes} 个类别（标签 0 到 {classes} − 1）。</translation>
    </message>
    <message>
        <source>The finite-difference step ε must be a small positive number (got {eps}).</source>
        <translation>有限差分步长 ε 必须是一个小的正数（当前为 {eps}）。</translation>
    </message>
    <message>
        <source>The number of classes must be from 2 to {limit} (got {classes}).</source>
        <translation>类别数必须在 2 到 {limit} 之间（当前为 {classes}）。</translation>
    </message>
    <message>
        <source>The momentum must be at least 0 and below 1 (got {momentum}).</source>
        <translation>动量必须不小于 0 且小于 1（当前为 {momentum}）。</translation>
    </message>
    <message>
        <source>A loss slice is drawn for one two-class sigmoid model only.</source>
        <translation>损失切片只对单个两类 Sigmoid 模型绘制。</translation>
    </message>
    <message>
        <source>The number of steps must be from 1 to {limit} (got {steps}).</source>
        <translation>步数必须在 1 到 {limit} 之间（当前为 {steps}）。</translation>
    </message>
    <message>
        <source>The network&apos;s weights are incomplete: {param} is missing.</source>
        <translation>网络的权重不完整：缺少 {param}。</translation>
    </message>
    <message>
        <source>The range must run from a smaller to a larger finite number (got {lo} to {hi}).</source>
        <translation>范围必须从较小的有限数到较大的有限数（当前为 {lo} 到 {hi}）。</translation>
    </message>
    <message>
        <source>The number of samples must be from 2 to 1,000,000 (got {n}).</source>
        <translation>采样点数必须在 2 到 1,000,000 之间（当前为 {n}）。</translation>
    </message>
    <message>
        <source>Class {class} does not exist: there are {count} classes (0 to {count} − 1).</source>
        <translation>类别 {class} 不存在：共有 {count} 个类别（0 到 {count} − 1）。</translation>
    </message>
    <message>
        <source>The computation graph has no edge {edge}.</source>
        <translation>计算图中没有边 {edge}。</translation>
    </message>
    <message>
        <source>The noise must be a number from 0 to {limit} (got {noise}).</source>
        <translation>噪声必须是 0 到 {limit} 之间的数（当前为 {noise}）。</translation>
    </message>
    <message>
        <source>The L2 strength C must be a positive number (got {C}).</source>
        <translation>L2 强度 C 必须是正数（当前为 {C}）。</translation>
    </message>
    <message>
        <source>Unknown strategy “{strategy}”.</source>
        <translation>未知的策略“{strategy}”。</translation>
    </message>
    <message>
        <source>The starting weights need {expected} numbers (the weights, then the intercept); {given} were given.</source>
        <translation>初始权重需要 {expected} 个数（先是权重，再是截距）；收到了 {given} 个。</translation>
    </message>
    <message>
        <source>The folder {path} does not exist.</source>
        <translation>文件夹 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} has no {file} (or {file}.gz): a Fashion-MNIST folder holds four IDX files.</source>
        <translation>{path} 中没有 {file}（或 {file}.gz）：Fashion-MNIST 文件夹应包含四个 IDX 文件。</translation>
    </message>
    <message>
        <source>{path} is cut short: its header promises more data than the file holds.</source>
        <translation>{path} 不完整：文件头声明的数据比文件实际包含的多。</translation>
    </message>
    <message>
        <source>{path} has bytes after the data its header describes; it is not a clean IDX file.</source>
        <translation>{path} 在文件头描述的数据之后还有多余字节；它不是规范的 IDX 文件。</translation>
    </message>
    <message>
        <source>{path} is not the IDX file expected here (magic number {found}, expected {expected}).</source>
        <translation>{path} 不是这里需要的 IDX 文件（魔数为 {found}，应为 {expected}）。</translation>
    </message>
    <message>
        <source>{path} holds data of the wrong shape for Fashion-MNIST.</source>
        <translation>{path} 中数据的形状不符合 Fashion-MNIST。</translation>
    </message>
    <message>
        <source>In {path} the {set} set has {images} images but {labels} labels.</source>
        <translation>在 {path} 中，{set}集有 {images} 张图像，却有 {labels} 个标签。</translation>
    </message>
    <message>
        <source>{path} has a label {value}; Fashion-MNIST has {classes} classes.</source>
        <translation>{path} 中有标签 {value}；Fashion-MNIST 只有 {classes} 个类别。</translation>
    </message>
    <message>
        <source>{path} is a damaged gzip file: {reason}.</source>
        <translation>{path} 是损坏的 gzip 文件：{reason}。</translation>
    </message>
    <message>
        <source>No Fashion-MNIST data was found. Looked in: {tried}. Choose a folder that holds the four IDX files.</source>
        <translation>没有找到 Fashion-MNIST 数据。已查找：{tried}。请选择一个包含四个 IDX 文件的文件夹。</translation>
    </message>
    <message>
        <source>In {path} the {set} set holds no images; the lab needs at least one training image and one test image.</source>
        <translation>在 {path} 中，{set}集没有任何图像；本实验至少需要一张训练图像和一张测试图像。</translation>
    </message>
    <message>
        <source>{path} was refused: it contains code, not only weights, and opening it could run that code.</source>
        <translation>已拒绝 {path}：它包含的不只是权重，还有代码，打开它可能会运行这些代码。</translation>
    </message>
    <message>
        <source>{path} is not a model file that can be read (damaged or another format).</source>
        <translation>{path} 不是可读取的模型文件（已损坏或是其他格式）。</translation>
    </message>
    <message>
        <source>{path} holds a different network (its layers do not chain 784 inputs to 10 classes as this lab&apos;s do).</source>
        <translation>{path} 中是另一种网络（它的各层不像本实验那样把 784 个输入连到 10 个类别）。</translation>
    </message>
    <message>
        <source>{path} holds weights that are not finite (NaN or inf); it was not opened.</source>
        <translation>{path} 中的权重不是有限值（NaN 或 inf）；没有打开它。</translation>
    </message>
    <message>
        <source>Hidden layers: one to four sizes from 1 to 8192 (got {hidden}).</source>
        <translation>隐藏层：一到四个大小，每个在 1 到 8192 之间（当前为 {hidden}）。</translation>
    </message>
    <message>
        <source>Unknown activation “{activation}”.</source>
        <translation>未知的激活函数“{activation}”。</translation>
    </message>
    <message>
        <source>Unknown optimizer “{optimizer}”.</source>
        <translation>未知的优化器“{optimizer}”。</translation>
    </message>
    <message>
        <source>The batch size must be between 1 and 60000 (got {batch_size}).</source>
        <translation>批大小必须在 1 到 60000 之间（当前为 {batch_size}）。</translation>
    </message>
    <message>
        <source>The number of epochs must be between 1 and 1000 (got {epochs}).</source>
        <translation>轮数必须在 1 到 1000 之间（当前为 {epochs}）。</translation>
    </message>
    <message>
        <source>Adam&apos;s decay rate {name} must be at least 0 and below 1 (got {value}).</source>
        <translation>Adam 的衰减率 {name} 必须不小于 0 且小于 1（当前为 {value}）。</translation>
    </message>
    <message>
        <source>The optimizer&apos;s ε must be a positive number no larger than 1 (got {eps}).</source>
        <translation>优化器的 ε 必须是不大于 1 的正数（当前为 {eps}）。</translation>
    </message>
    <message>
        <source>RMSProp&apos;s smoothing constant α must be at least 0 and below 1 (got {alpha}).</source>
        <translation>RMSProp 的平滑常数 α 必须不小于 0 且小于 1（当前为 {alpha}）。</translation>
    </message>
    <message>
        <source>AdaGrad&apos;s learning-rate decay must be zero or positive (got {lr_decay}).</source>
        <translation>AdaGrad 的学习率衰减必须为零或正数（当前为 {lr_decay}）。</translation>
    </message>
    <message>
        <source>AdaGrad&apos;s initial accumulator must be zero or positive (got {value}).</source>
        <translation>AdaGrad 的累加器初值必须为零或正数（当前为 {value}）。</translation>
    </message>
    <message>
        <source>The batch size must be a whole number from 1 to {limit} (got {batch_size}).</source>
        <translation>批大小必须是 1 到 {limit} 之间的整数（当前为 {batch_size}）。</translation>
    </message>
    <message>
        <source>The {optimizer} optimizer does not use {option}; it applies to {applies}.</source>
        <translation>优化器 {optimizer} 不使用 {option}；该选项只适用于 {applies}。</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes).</source>
        <translation>{path} 是空文件（0 字节）。</translation>
    </message>
    <message>
        <source>{path} claims {width}×{height} pixels, more than the {limit} this lab opens; it may be a decompression bomb. Use a smaller image.</source>
        <translation>{path} 声称有 {width}×{height} 像素，超过了本实验可打开的 {limit}；它可能是一个“解压炸弹”。请使用更小的图像。</translation>
    </message>
    <message>
        <source>{path} would take {bytes} bytes of memory once decoded ({width}×{height} pixels, {channels} channels of {bits} bits), more than the {limit} this lab allows. Use a smaller or 8-bit image.</source>
        <translation>{path} 解码后将占用 {bytes} 字节内存（{width}×{height} 像素，{channels} 个 {bits} 位通道），超过本实验允许的 {limit}。请使用更小的图像或 8 位图像。</translation>
    </message>
    <message>
        <source>{path} is not an image the lab can open (PNG, JPEG, BMP, WebP, TIFF or GIF).</source>
        <translation>{path} 不是本实验能打开的图像（PNG、JPEG、BMP、WebP、TIFF 或 GIF）。</translation>
    </message>
    <message>
        <source>{path} is in a format the lab cannot read ({format}); save it as PNG or JPEG.</source>
        <translation>{path} 的格式本实验无法读取（{format}）；请另存为 PNG 或 JPEG。</translation>
    </message>
    <message>
        <source>{path} is damaged or cut short and cannot be decoded.</source>
        <translation>{path} 已损坏或不完整，无法解码。</translation>
    </message>
    <message>
        <source>No pixels pass the colour thresholds: widen the hue range, lower the saturation or value floor, or switch between red and dark needle.</source>
        <translation>没有像素通过颜色阈值：请放宽色相范围、降低饱和度或亮度下限，或在红色指针和深色指针之间切换。</translation>
    </message>
    <message>
        <source>The mask is too small ({pixels} pixels; a needle needs at least {minimum}): widen the thresholds or use full resolution.</source>
        <translation>掩膜太小（{pixels} 个像素；指针至少需要 {minimum} 个）：请放宽阈值或使用原始分辨率。</translation>
    </message>
    <message>
        <source>None of the {components} shapes in the mask looks like a needle (long, thin, pointing at the pivot): adjust the thresholds or click the pivot.</source>
        <translation>掩膜中的 {components} 个形状都不像指针（细长且指向转轴）：请调整阈值或点击指定转轴。</translation>
    </message>
    <message>
        <source>The line fits the needle too poorly (confidence {confidence}): adjust the thresholds so the mask shows the needle alone.</source>
        <translation>直线与指针拟合得太差（置信度 {confidence}）：请调整阈值，让掩膜中只剩下指针。</translation>
    </message>
    <message>
        <source>The seed&apos;s fit (y on x) cannot follow a vertical needle: every pixel has the same x. Choose total least squares.</source>
        <translation>教程的拟合（y 对 x 回归）无法处理竖直的指针：所有像素的 x 都相同。请选择总体最小二乘。</translation>
    </message>
    <message>
        <source>The colour thresholds are out of range (hue 0–180, saturation and value 0–255).</source>
        <translation>颜色阈值超出范围（色相 0–180，饱和度和亮度 0–255）。</translation>
    </message>
    <message>
        <source>Unknown needle colour “{color}”: use red, dark or custom.</source>
        <translation>未知的指针颜色“{color}”：请使用 red、dark 或 custom。</translation>
    </message>
    <message>
        <source>Unknown fit method “{fit}”: use seed, tls or robust.</source>
        <translation>未知的拟合方法“{fit}”：请使用 seed、tls 或 robust。</translation>
    </message>
    <message>
        <source>The pivot must be two finite numbers.</source>
        <translation>转轴必须是两个有限的数。</translation>
    </message>
    <message>
        <source>A calibration needs at least two marks (angle and value); it has {marks}.</source>
        <translation>标定至少需要两个刻度点（角度和数值）；现在只有 {marks} 个。</translation>
    </message>
    <message>
        <source>The calibration marks must be finite and at different angles.</source>
        <translation>标定刻度点必须是有限值，且角度各不相同。</translation>
    </message>
    <message>
        <source>Every point is in the test set: nothing is left to train on.</source>
        <translation>所有点都在测试集中：没有可用于训练的点。</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 (got {seed}).</source>
        <translation>种子必须是不小于 0 的整数（当前为 {seed}）。</translation>
    </message>
    <message>
        <source>Unknown data set “{preset}”.</source>
        <translation>未知的数据集“{preset}”。</translation>
    </message>
    <message>
        <source>The spiral&apos;s turns must be between 0 and 10.</source>
        <translation>螺旋的圈数必须在 0 到 10 之间。</translation>
    </message>
    <message>
        <source>The number of points must be between 2 and {limit} (got {points}).</source>
        <translation>点数必须在 2 到 {limit} 之间（当前为 {points}）。</translation>
    </message>
    <message>
        <source>The temperature must be a positive number (got {temperature}).</source>
        <translation>温度必须是正数（当前为 {temperature}）。</translation>
    </message>
    <message>
        <source>Softmax needs 2 to 10 finite logits.</source>
        <translation>Softmax 需要 2 到 10 个有限的 logit。</translation>
    </message>
    <message>
        <source>Diverged: the loss overflowed, so the learning rate is too high.</source>
        <translation>发散：损失溢出，说明学习率太大。</translation>
    </message>
    <message>
        <source>{path} is damaged or was not saved by this lab: its “{field}” is not what a model file holds. It was not opened.</source>
        <translation>{path} 已损坏，或不是本实验保存的模型：其中的“{field}”不符合模型文件的格式。未打开该文件。</translation>
    </message>
    <message>
        <source>{path} describes {elements} weights, more than the {limit} of the largest network this lab builds; it was not opened.</source>
        <translation>{path} 描述了 {elements} 个权重，超过了本实验所能构建的最大网络的 {limit} 个；未打开该文件。</translation>
    </message>
    <message>
        <source>{path} holds hidden layers of {hidden} units; the lab opens one to {layers} hidden layers of 1 to {limit} units each.</source>
        <translation>{path} 中的隐藏层分别有 {hidden} 个单元；本实验只打开 1 到 {layers} 个隐藏层、每层 1 到 {limit} 个单元的网络。</translation>
    </message>
    <message>
        <source>The seed&apos;s last.pt form fits only its own network, Linear(784, 1024) → ReLU → Linear(1024, 10); this one has hidden layers of {hidden} units with {activation}. Save it in the lab&apos;s own form instead.</source>
        <translation>种子代码的 last.pt 格式只适用于它自己的网络 Linear(784, 1024) → ReLU → Linear(1024, 10)；当前网络的隐藏层分别有 {hidden} 个单元，激活函数为 {activation}。请改用本实验自己的格式保存。</translation>
    </message>
    <message>
        <source>Training hidden layers of {hidden} units with {optimizer} needs about {needed_mb} MB, more than the {limit_mb} MB this computer can spare. Use fewer or narrower layers, or SGD instead of Adam.</source>
        <translation>用 {optimizer} 训练分别有 {hidden} 个单元的隐藏层大约需要 {needed_mb} MB 内存，超过了本机可用的 {limit_mb} MB。请减少隐藏层的数量或宽度，或用 SGD 代替 Adam。</translation>
    </message>
    <message>
        <source>{path} could not be saved: {reason}. Nothing was changed on disk; free some space or choose another folder, and save again.</source>
        <translation>无法保存 {path}：{reason}。磁盘上没有任何改动；请腾出空间或换一个文件夹，再保存一次。</translation>
    </message>
    <message>
        <source>Unknown dial style “{style}”: use one of {allowed}.</source>
        <translation>未知的表盘样式“{style}”：请使用 {allowed} 之一。</translation>
    </message>
    <message>
        <source>Unknown needle colour “{needle_color}”: use one of {allowed}.</source>
        <translation>未知的指针颜色“{needle_color}”：请使用 {allowed} 之一。</translation>
    </message>
    <message>
        <source>A dark needle on the {style} style would not show: draw a red needle on it, or choose another style.</source>
        <translation>深色指针画在 {style} 样式上会看不见：请在该样式上画红色指针，或换一种样式。</translation>
    </message>
    <message>
        <source>A synthetic dial must be {minimum} to {maximum} pixels wide (got {size}).</source>
        <translation>合成表盘的宽度必须在 {minimum} 到 {maximum} 像素之间（当前为 {size}）。</translation>
    </message>
    <message>
        <source>A synthetic dial needs a finite angle and a blur and noise of zero or more (got angle {angle_deg}, blur {blur}, noise {noise}).</source>
        <translation>合成表盘需要有限的角度，模糊和噪声都不能为负（当前角度为 {angle_deg}，模糊为 {blur}，噪声为 {noise}）。</translation>
    </message>
    <message>
        <source>The JPEG quality must be from {minimum} to {maximum} (got {jpeg_quality}).</source>
        <translation>JPEG 质量必须在 {minimum} 到 {maximum} 之间（当前为 {jpeg_quality}）。</translation>
    </message>
    <message>
        <source>The number of synthetic dials must be at least {minimum} (got {count}).</source>
        <translation>合成表盘的数量至少为 {minimum}（当前为 {count}）。</translation>
    </message>
    <message>
        <source>The number of training steps done must be a whole number, 0 or more (got {steps}).</source>
        <translation>已完成的训练步数必须是 0 或更大的整数（现为 {steps}）。</translation>
    </message>
    <message>
        <source>The {lab} lab cannot be written as a program yet; the Linear regression, Logistic regression, Neural Network and Dial reader labs can.</source>
        <translation>“{lab}”实验暂时还不能写成程序；线性回归、逻辑回归、神经网络和表盘读数实验可以。</translation>
    </message>
    <message>
        <source>The exported program runs plain gradient descent, but this run uses the {optimizer} optimizer, so it is not exported (the program would compute another run).</source>
        <translation>导出的程序运行的是普通梯度下降，而这次运行使用的是 {optimizer} 优化器，因此不导出（程序会算出另一次运行）。</translation>
    </message>
    <message>
        <source>The Dial reader lab shows no photo, so there is nothing to write as a program: open a photo or a sample first (a batch&apos;s files are not exported; open one of them).</source>
        <translation>表盘读数实验当前没有照片，所以没有可写成程序的内容：请先打开一张照片或示例（批量处理的文件不会导出；请打开其中一张）。</translation>
    </message>
    <message>
        <source>“{format}” is not a format the export writes: use py (a Python script) or ipynb (a Jupyter notebook).</source>
        <translation>导出不支持“{format}”格式：请用 py（Python 脚本）或 ipynb（Jupyter 笔记本）。</translation>
    </message>
    <message>
        <source>{path} is not an ML Basics Lab experiment file.</source>
        <translation>{path} 不是机器学习基础实验室的实验文件。</translation>
    </message>
    <message>
        <source>{path} is damaged (truncated or altered), so it cannot be opened: {reason}.</source>
        <translation>{path} 已损坏（被截断或改动），无法打开：{reason}。</translation>
    </message>
    <message>
        <source>{path} is not a valid experiment file: its contents are malformed ({reason}).</source>
        <translation>{path} 不是有效的实验文件：其内容格式不正确（{reason}）。</translation>
    </message>
    <message>
        <source>{path} was written by a newer version of ML Basics Lab (file format {version}; this version reads up to {supported}). Update the app to open it.</source>
        <translation>{path} 由更新版本的机器学习基础实验室写入（文件格式 {version}；本版本最多读取到 {supported}）。请更新应用后再打开。</translation>
    </message>
    <message>
        <source>{path} is too large to be an experiment file, or holds a part that would inflate far beyond its size; it was not opened.</source>
        <translation>{path} 太大，不像实验文件，或其中某部分解压后会远超其大小；未打开。</translation>
    </message>
    <message>
        <source>{path} holds no lab this version can open.</source>
        <translation>{path} 中没有本版本能打开的实验。</translation>
    </message>
    <message>
        <source>The saved state of the {lab} lab is malformed.</source>
        <translation>保存的“{lab}”实验状态格式不正确。</translation>
    </message>
    <message>
        <source>The saved state of the {lab} lab has no valid version number ({version}).</source>
        <translation>保存的“{lab}”实验状态没有有效的版本号（{version}）。</translation>
    </message>
    <message>
        <source>The saved state of the {lab} lab is from a newer version of the app (version {version}; this one reads up to {supported}). Update the app to open it.</source>
        <translation>保存的“{lab}”实验状态来自更新版本的应用（版本 {version}；本版本最多读取到 {supported}）。请更新应用后再打开。</translation>
    </message>
    <message>
        <source>The saved state of the {lab} lab is from version {version}, which this app cannot convert.</source>
        <translation>保存的“{lab}”实验状态来自版本 {version}，本应用无法转换。</translation>
    </message>
    <message>
        <source>The saved state of the {lab} lab has an invalid {field}: {value} (expected {expected}). Nothing was changed.</source>
        <translation>保存的“{lab}”实验状态中 {field} 无效：{value}（应为 {expected}）。没有做任何改动。</translation>
    </message>
    <message>
        <source>Unexpected problem: {code}</source>
        <translation>意外错误：{code}</translation>
    </message>
    <message>
        <source>The hidden layer needs 1 to {limit} units (got {hidden}).</source>
        <translation>隐藏层需要 1 到 {limit} 个单元（当前为 {hidden}）。</translation>
    </message>
    <message>
        <source>With polynomial features (x1², x2², x1·x2), {column} must stay within ±{limit}, but it holds {value}. Divide {column} by a power of ten (for example by {factor}), or turn the polynomial features off.</source>
        <translation>使用多项式特征（x1²、x2²、x1·x2）时，{column} 必须在 ±{limit} 以内，但其中有 {value}。请把 {column} 除以 10 的某个幂（例如除以 {factor}），或关闭多项式特征。</translation>
    </message>
    <message>
        <source>With polynomial features (x1², x2², x1·x2), {column} must reach {limit} in size, but its largest value is {value}. Multiply {column} by a power of ten (for example by {factor}), or turn the polynomial features off.</source>
        <translation>使用多项式特征（x1²、x2²、x1·x2）时，{column} 的大小至少要达到 {limit}，但它最大只有 {value}。请把 {column} 乘以 10 的某个幂（例如乘以 {factor}），或关闭多项式特征。</translation>
    </message>
    <message>
        <source>With polynomial features, {column} varies too little for its size (about {spread} around {center}): its square would keep only rounding. Subtract {center} from {column}, or turn the polynomial features off.</source>
        <translation>使用多项式特征时，{column} 相对其大小变化太小（在 {center} 附近只变化约 {spread}）：它的平方只会剩下舍入误差。请从 {column} 中减去 {center}，或关闭多项式特征。</translation>
    </message>
    <message>
        <source>{column} varies by only {value}: below {limit}, the square of its spread underflows to zero. Multiply {column} by a power of ten (for example by {factor}) and load the data again.</source>
        <translation>{column} 只变化了 {value}：小于 {limit} 时，其离散程度的平方会下溢为零。请把 {column} 乘以 10 的某个幂（例如乘以 {factor}）后重新载入数据。</translation>
    </message>
    <message>
        <source>{path} is damaged: part of its picture data is missing or garbled, so the decoder would fill it with grey. Use an undamaged copy.</source>
        <translation>{path} 已损坏：部分图像数据缺失或错乱，解码器会用灰色填充这部分。请使用未损坏的副本。</translation>
    </message>
    <message>
        <source>Line {line}, column {column} of {path} is not a finite number: “{value}”.</source>
        <translation>{path} 第 {line} 行第 {column} 列不是有限数：“{value}”。</translation>
    </message>
    <message>
        <source>The data holds something that is not a number.</source>
        <translation>数据中含有非数字的内容。</translation>
    </message>
    <message>
        <source>training</source>
        <comment>the data set a network learns from</comment>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <comment>the data set a network is scored on</comment>
        <translation>测试</translation>
    </message>
    <message>
        <source>, </source>
        <comment>separator between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Stopped: reached the iteration cap.</source>
        <translation>已停止：达到迭代上限。</translation>
    </message>
    <message>
        <source>Stopped: converged (the loss changes by less than the tolerance).</source>
        <translation>已停止：已收敛（损失的变化小于容差）。</translation>
    </message>
    <message>
        <source>Stopped: diverged — the learning rate is too high.</source>
        <translation>已停止：发散——学习率太大。</translation>
    </message>
    <message>
        <source>Stopped at the iteration cap without learning: the loss is no lower than at the start (or than guessing the most common class). The learning rate does not suit the data&apos;s scale: try one near the largest stable rate, or rescale the data.</source>
        <translation>已到迭代上限，但模型什么也没学到：损失没有低于起点（或低于总是猜最常见类别的水平）。学习率与数据的量级不匹配：请试试接近最大稳定学习率的值，或对数据重新缩放。</translation>
    </message>
    <message>
        <source>Not learning: the test accuracy is at chance level and the loss is no better than guessing. The learning rate is probably too low: raise it (SGD usually works at 0.1, Adam at 0.001) and start again.</source>
        <translation>没有在学习：测试准确率停在随机猜测的水平，损失也不比瞎猜低。学习率可能太低：请调高（SGD 通常用 0.1，Adam 用 0.001）后重新开始。</translation>
    </message>
    <message>
        <source>Not learning: the test accuracy is at chance level and the loss is no better than guessing. The learning rate is probably too high: lower it (SGD usually works at 0.1, Adam at 0.001) and start again.</source>
        <translation>没有在学习：测试准确率停在随机猜测的水平，损失也不比瞎猜低。学习率可能太高：请调低（SGD 通常用 0.1，Adam 用 0.001）后重新开始。</translation>
    </message>
</context>
<context>
    <name>NeedleColourBox</name>
    <message>
        <source>Needle colour (HSV mask)</source>
        <translation>指针颜色（HSV 掩膜）</translation>
    </message>
    <message>
        <source>Red (the seed&apos;s)</source>
        <translation>红色（教程所用）</translation>
    </message>
    <message>
        <source>The seed&apos;s two hue ranges, 0–10 and 156–180, saturation ≥ 43, value ≥ 46</source>
        <translation>教程的两个色相范围：0–10 和 156–180，饱和度 ≥ 43，亮度 ≥ 46</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Hue range 1</source>
        <translation>色相范围 1</translation>
    </message>
    <message>
        <source>Hue range 2</source>
        <translation>色相范围 2</translation>
    </message>
    <message>
        <source>Saturation ≥</source>
        <translation>饱和度 ≥</translation>
    </message>
    <message>
        <source>Value ≥</source>
        <translation>亮度 ≥</translation>
    </message>
    <message>
        <source>Automatic threshold</source>
        <translation>自动阈值</translation>
    </message>
    <message>
        <source>Otsu&apos;s split of the dial face&apos;s brightness, made stricter when text near the hub joins the needle</source>
        <translation>按表盘面亮度用大津法分割；若转轴附近的文字与指针连在一起，则改用更严格的阈值</translation>
    </message>
    <message>
        <source>Value ≤</source>
        <translation>亮度 ≤</translation>
    </message>
    <message>
        <source>Eyedropper: click the needle</source>
        <translation>取色器：点击指针</translation>
    </message>
</context>
<context>
    <name>OwnImageView</name>
    <message>
        <source>Open an image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <source>iteration {i} / {n}</source>
        <translation>迭代 {i} / {n}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Play or pause the descent (Space)</source>
        <translation>播放或暂停梯度下降（空格）</translation>
    </message>
    <message>
        <source>One iteration forward (.)</source>
        <translation>前进一次迭代（.）</translation>
    </message>
    <message>
        <source>One iteration back through the history (,)</source>
        <translation>沿历史后退一次迭代（,）</translation>
    </message>
    <message>
        <source>Back to the starting point, history cleared (Ctrl+R)</source>
        <translation>回到起点并清空历史（Ctrl+R）</translation>
    </message>
    <message>
        <source>Scrub through the history of the run</source>
        <translation>拖动以浏览这次运行的历史</translation>
    </message>
    <message>
        <source>Speed (iterations/s)</source>
        <translation>速度（次/秒）</translation>
    </message>
    <message>
        <source>How many iterations run per second of animation</source>
        <translation>动画每秒运行多少次迭代</translation>
    </message>
</context>
<context>
    <name>PlotMenu</name>
    <message>
        <source>View all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>this view holds no data table</source>
        <translation>这个视图没有可导出的数据表</translation>
    </message>
    <message>
        <source>the picture could not be encoded</source>
        <translation>无法生成图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>SoftmaxPage</name>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Number of logits</source>
        <translation>logit 个数</translation>
    </message>
    <message>
        <source>Logit scale</source>
        <translation>logit 倍数</translation>
    </message>
    <message>
        <source>Multiplies the sliders&apos; range: at ×1000 the logits reach ±{limit} and e^(z/T) overflows.</source>
        <translation>放大滑块的范围：×1000 时 logit 可达 ±{limit}，e^(z/T) 会溢出。</translation>
    </message>
    <message>
        <source>Temperature T</source>
        <translation>温度 T</translation>
    </message>
    <message>
        <source>p = softmax(z/T): a large T flattens the probabilities, a small T sharpens them towards the largest logit</source>
        <translation>p = softmax(z/T)：T 大时概率趋于平均，T 小时概率集中到最大的 logit 上</translation>
    </message>
    <message>
        <source>True class k</source>
        <translation>真实类别 k</translation>
    </message>
    <message>
        <source>Reset logits</source>
        <translation>重置 logit</translation>
    </message>
    <message>
        <source>Logits z</source>
        <translation>logit z</translation>
    </message>
    <message>
        <source>Probabilities p</source>
        <translation>概率 p</translation>
    </message>
    <message>
        <source>The max-subtracted softmax of z/T; the true class in orange</source>
        <translation>z/T 减去最大值后的 softmax；真实类别为橙色</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Gradient (p − y)/T</source>
        <translation>梯度 (p − y)/T</translation>
    </message>
    <message>
        <source>∂CE/∂z_i for each logit; the true class in orange</source>
        <translation>每个 logit 的 ∂CE/∂z_i；真实类别为橙色</translation>
    </message>
    <message>
        <source>z_i</source>
        <translation>z_i</translation>
    </message>
    <message>
        <source>z_i/T</source>
        <translation>z_i/T</translation>
    </message>
    <message>
        <source>e^(z_i/T)</source>
        <translation>e^(z_i/T)</translation>
    </message>
    <message>
        <source>p_i naive</source>
        <translation>p_i 直接公式</translation>
    </message>
    <message>
        <source>p_i stable</source>
        <translation>p_i 稳定公式</translation>
    </message>
    <message>
        <source>(p_i − y_i)/T</source>
        <translation>(p_i − y_i)/T</translation>
    </message>
    <message>
        <source>The seed&apos;s formula: inf once z/T &gt; {limit}</source>
        <translation>教程中的公式：z/T &gt; {limit} 时为 inf</translation>
    </message>
    <message>
        <source>The seed&apos;s formula e^(z_i/T) / Σ_j e^(z_j/T)</source>
        <translation>教程中的公式 e^(z_i/T) / Σ_j e^(z_j/T)</translation>
    </message>
    <message>
        <source>Max subtracted first: e^((z_i − max z)/T) / Σ_j e^((z_j − max z)/T)</source>
        <translation>先减去最大值：e^((z_i − max z)/T) / Σ_j e^((z_j − max z)/T)</translation>
    </message>
    <message>
        <source>Each slider runs from −{limit} to {limit} in steps of {step}; its box takes any value in that range, to two decimals. A larger logit scale widens the range.</source>
        <translation>每个滑块的范围是 −{limit} 到 {limit}，步长 {step}；右侧输入框接受该范围内的任意值，保留两位小数。更大的 logit 倍数会扩大范围。</translation>
    </message>
    <message>
        <source>Class {n}</source>
        <translation>第 {n} 类</translation>
    </message>
    <message>
        <source>Cross-entropy with {k} as the true class: −ln p_k = {ce}</source>
        <translation>以{k}为真实类别的交叉熵：−ln p_k = {ce}</translation>
    </message>
    <message>
        <source>Computed from the logits as ln Σ_j e^(s_j) − s_k with s = (z − max z)/T, so it stays finite even where p_k rounds to 0.</source>
        <translation>由 logit 计算：ln Σ_j e^(s_j) − s_k，其中 s = (z − max z)/T，因此即使 p_k 舍入为 0 也保持有限。</translation>
    </message>
    <message>
        <source>Here p_k itself rounds to 0: −ln p_k taken from p would be inf.</source>
        <translation>这里 p_k 本身舍入为 0：若由 p 计算，−ln p_k 将是 inf。</translation>
    </message>
    <message>
        <source>Gradient of the cross-entropy: ∂CE/∂z = (p − y)/T = [{values}]</source>
        <translation>交叉熵的梯度：∂CE/∂z = (p − y)/T = [{values}]</translation>
    </message>
    <message>
        <source>y is 1 for {name} and 0 elsewhere. The logits enter softmax as z/T, so the chain rule divides p − y by T = {t}.</source>
        <translation>y 在{name}处为 1，其余为 0。logit 以 z/T 的形式进入 softmax，所以由链式法则 p − y 要除以 T = {t}。</translation>
    </message>
    <message>
        <source>The naive formula overflowed: e^(z/T) is inf for z/T &gt; {limit}, and inf/inf is NaN. Subtracting the maximum first keeps every exponent ≤ 0, so the max-subtracted column stays finite.</source>
        <translation>直接公式溢出了：z/T &gt; {limit} 时 e^(z/T) 为 inf，而 inf/inf 是 NaN。先减去最大值使每个指数都 ≤ 0，所以减去最大值的那一列保持有限。</translation>
    </message>
    <message>
        <source>The naive formula overflowed: every e^(z/T) is finite but their sum is inf, so each naive p_i = e^(z_i/T)/inf is 0. Subtracting the maximum first keeps every exponent ≤ 0 and the sum between 1 and {n}.</source>
        <translation>直接公式溢出了：每个 e^(z/T) 都有限，但它们的和是 inf，所以每个直接计算的 p_i = e^(z_i/T)/inf 都是 0。先减去最大值使每个指数都 ≤ 0，和在 1 到 {n} 之间。</translation>
    </message>
    <message>
        <source>The naive formula underflowed: every e^(z/T) is 0 (z/T &lt; {limit}), and 0/0 is NaN. Subtracting the maximum first makes the largest exponent exactly 0, so the sum is at least 1.</source>
        <translation>直接公式下溢了：每个 e^(z/T) 都是 0（z/T &lt; {limit}），而 0/0 是 NaN。先减去最大值使最大的指数恰好为 0，所以和至少为 1。</translation>
    </message>
    <message>
        <source>The naive formula works here: the largest z/T is {top}, below the overflow point {limit}. Subtracting the maximum m gives the same numbers: e^((z_i − m)/T) / Σ_j e^((z_j − m)/T) is the naive fraction with e^(−m/T) cancelled above and below the line.</source>
        <translation>这里直接公式可以工作：最大的 z/T 为 {top}，低于溢出点 {limit}。减去最大值 m 得到相同的结果：e^((z_i − m)/T) / Σ_j e^((z_j − m)/T) 就是把直接公式的分子、分母同乘 e^(−m/T) 得到的，两者约去后值不变。</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>units {a}–{b} of {n}</source>
        <translation>第 {a}–{b} 个单元，共 {n} 个</translation>
    </message>
</context>
</TS>
