/**
 * Request bodies captured from kubectl v1.32.4 (`kubectl -v=9 ...` prints them), each with the JSON
 * `kubectl ... --dry-run=client -o json` prints for the same command: what the JSON path would carry.
 * configmap bin reads /tmp/bin.dat = the bytes 00 01 fe ff.
 */
export interface KubectlCapture { command: string; hex: string; json: Record<string, unknown> }

export const CAPTURES: Record<string, KubectlCapture> = {
  ns: {
    command: 'kubectl create namespace foo',
    hex: '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200',
    json: {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"foo","creationTimestamp":null},"spec":{},"status":{}},
  },
  cm: {
    command: 'kubectl create configmap x --from-literal=a=b --from-literal=c=d -n default',
    hex: '6b3873000a0f0a0276311209436f6e6669674d6170122a0a180a017812001a0764656661756c7422002a0032003800420012060a016112016212060a01631201641a002200',
    json: {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"default","creationTimestamp":null},"data":{"a":"b","c":"d"}},
  },
  cmbin: {
    command: 'kubectl create configmap bin --from-file=blob=/tmp/bin.dat --from-literal=k=v -n default',
    hex: '6b3873000a0f0a0276311209436f6e6669674d617012320a1a0a0362696e12001a0764656661756c7422002a0032003800420012060a016b1201761a0c0a04626c6f6212040001feff1a002200',
    json: {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"bin","namespace":"default","creationTimestamp":null},"data":{"k":"v"},"binaryData":{"blob":"AAH+/w=="}},
  },
  deploy: {
    command: 'kubectl create deployment web --image=tugboat/echo:1 --replicas=2 -n default',
    hex: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412bb010a260a0377656212001a0764656661756c7422002a003200380042005a0a0a0361707012037765621282010802120c0a0a0a0361707012037765621a680a1c0a0012001a0022002a003200380042005a0a0a0361707012037765621248122a0a046563686f120e747567626f61742f6563686f3a312a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"default","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"echo","image":"tugboat/echo:1","resources":{}}]}},"strategy":{}},"status":{}},
  },
  deploy2: {
    command: 'kubectl create deployment multi --image=tugboat/echo:1 --image=busybox:1 --port=8080 -n default',
    hex: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412fb010a2a0a056d756c746912001a0764656661756c7422002a003200380042005a0c0a0361707012056d756c746912be010801120e0a0c0a0361707012056d756c74691aa1010a1e0a0012001a0022002a003200380042005a0c0a0361707012056d756c7469127f12370a046563686f120e747567626f61742f6563686f3a312a00320b0a00100018903f22002a0042006a007200800100880100900100a2010012280a0762757379626f78120962757379626f783a312a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"multi","namespace":"default","creationTimestamp":null,"labels":{"app":"multi"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"multi"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"multi"}},"spec":{"containers":[{"name":"echo","image":"tugboat/echo:1","ports":[{"containerPort":8080}],"resources":{}},{"name":"busybox","image":"busybox:1","resources":{}}]}},"strategy":{}},"status":{}},
  },
  svc: {
    command: 'kubectl create service clusterip web --tcp=80:8080 -n default',
    hex: '6b3873000a0d0a02763112075365727669636512700a260a0377656212001a0764656661756c7422002a003200380042005a0a0a03617070120377656212420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200',
    json: {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],"selector":{"app":"web"},"type":"ClusterIP"},"status":{"loadBalancer":{}}},
  },
  np: {
    command: 'kubectl create service nodeport np --tcp=8080:80 --node-port=30080 -n default',
    hex: '6b3873000a0d0a027631120753657276696365126e0a240a026e7012001a0764656661756c7422002a003200380042005a090a0361707012026e7012420a1d0a07383038302d3830120354435018903f2206080010501a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
    json: {"kind":"Service","apiVersion":"v1","metadata":{"name":"np","namespace":"default","creationTimestamp":null,"labels":{"app":"np"}},"spec":{"ports":[{"name":"8080-80","protocol":"TCP","port":8080,"targetPort":80,"nodePort":30080}],"selector":{"app":"np"},"type":"NodePort"},"status":{"loadBalancer":{}}},
  },
  ing: {
    command: 'kubectl create ingress ing --rule=foo.com/bar=svc1:8080',
    hex: '6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e6772657373124a0a130a03696e6712001a0022002a00320038004200122f1a2d0a07666f6f2e636f6d12220a200a1e0a042f626172120f220d0a047376633112050a0010903f1a0545786163741a020a001a002200',
    json: {"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"ing","creationTimestamp":null},"spec":{"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Exact","backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}}]},"status":{"loadBalancer":{}}},
  },
  secret: {
    command: 'kubectl create secret generic s --from-literal=a=b',
    hex: '6b3873000a0c0a0276311206536563726574121d0a110a017312001a0022002a0032003800420012060a01611201621a001a002200',
    json: {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},"data":{"a":"Yg=="}},
  },
};

/** `kubectl drain` deletes each pod with a protobuf DeleteOptions: as is, and with --grace-period=0. */
export const DRAIN_DELETE_OPTIONS = '6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200';
export const DRAIN_DELETE_OPTIONS_GRACE_0 = '6b3873000a130a027631120d44656c6574654f7074696f6e73120208001a002200';
