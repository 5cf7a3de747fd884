import { data, mor, str, type VimValue } from "../soap/values.js";
import { REFS } from "../inventory/refs.js";
import { API_VERSION } from "../versions.js";

export interface AboutOptions {
  /** vdsim's own version, named in fullName */
  readonly vdsimVersion: string;
  readonly instanceUuid: string;
}

/** ServiceContent.about: a vCenter 6.7 that says it is vdsim. */
export function aboutInfo(o: AboutOptions): VimValue {
  return data("AboutInfo", {
    name: str("vdsim"),
    fullName: str(`vdsim ${o.vdsimVersion} (vSphere API simulator)`),
    vendor: str("vdsim"),
    version: str("6.7.0"),
    build: str("1"),
    localeVersion: str("INTL"),
    localeBuild: str("000"),
    osType: str("linux-x64"),
    productLineId: str("vpx"),
    apiType: str("VirtualCenter"),
    apiVersion: str(API_VERSION),
    instanceUuid: str(o.instanceUuid),
    licenseProductName: str("VMware VirtualCenter Server"),
    licenseProductVersion: str("6.0"),
  });
}

/** ServiceInstance.RetrieveServiceContent's answer: the about info and the references of every service object. */
export function serviceContent(o: AboutOptions): VimValue {
  return data("ServiceContent", {
    rootFolder: mor(REFS.rootFolder),
    propertyCollector: mor(REFS.propertyCollector),
    viewManager: mor(REFS.viewManager),
    about: aboutInfo(o),
    setting: mor(REFS.setting),
    userDirectory: mor(REFS.userDirectory),
    sessionManager: mor(REFS.sessionManager),
    authorizationManager: mor(REFS.authorizationManager),
    perfManager: mor(REFS.perfManager),
    eventManager: mor(REFS.eventManager),
    taskManager: mor(REFS.taskManager),
    customFieldsManager: mor(REFS.customFieldsManager),
    licenseManager: mor(REFS.licenseManager),
    searchIndex: mor(REFS.searchIndex),
    dvSwitchManager: mor(REFS.dvSwitchManager),
  });
}
