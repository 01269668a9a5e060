import json,glob,collections,sys
best=max(glob.glob('*.cpuprofile'),key=lambda f: len(open(f).read()))
p=json.load(open(best))
nodes={n['id']:n for n in p['nodes']}
parent={}
for n in p['nodes']:
    for c in n.get('children',[]): parent[c]=n['id']
self_t=collections.Counter(); incl=collections.Counter()
for s,d in zip(p['samples'],p['timeDeltas']):
    n=nodes[s]; cf=n['callFrame']; self_t[(cf['functionName'],cf['url'].split('/')[-1],cf['lineNumber'])]+=d
    seen=set(); x=s
    while x in nodes:
        cf=nodes[x]['callFrame']; k=(cf['functionName'],cf['url'].split('/')[-1],cf['lineNumber'])
        if k not in seen: incl[k]+=d; seen.add(k)
        x=parent.get(x)
for k,v in self_t.most_common(int(sys.argv[1]) if len(sys.argv)>1 else 25): print(f"self {v/1000:8.1f} ms {k}")
print('---')
for k,v in incl.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 40): print(f"incl {v/1000:8.1f} ms {k}")
